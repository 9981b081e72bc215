package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.util.JsonFormat;
import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.linegate.sim.FleetGenerator;
import io.linegate.sim.GroundTruth;
import io.linegate.sim.LineTick;
import io.linegate.sim.PayloadEncoder;
import io.linegate.sim.PayloadFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies interoperability with clients and a broker nobody here wrote: a real Mosquitto
 * process, readings published by {@code mosquitto_pub} (SenML packs on the line topic and
 * bare numbers on sensor topics), and predictions and the retained model read back with
 * {@code mosquitto_sub} as canonical proto3 JSON. Skipped when Mosquitto is not installed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MosquittoInteropIT {

    private static final int WINDOWS = 30;
    private static final int RATE = 5;
    private static final String PROBE_TOPIC = "linegate/mosq/probe";

    @TempDir
    Path dir;

    @BeforeAll
    static void requireMosquitto() {
        for (String program : List.of("mosquitto", "mosquitto_pub", "mosquitto_sub")) {
            assumeTrue(MosquittoProcess.binary(program).isPresent(),
                    program + " is not installed (apt-get install mosquitto mosquitto-clients): interop test skipped");
        }
    }

    @Test
    void learnsFromReadingsPublishedWithMosquittoPubAndServesMosquittoSub() throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        try (MosquittoProcess mosquitto = MosquittoProcess.start(dir)) {
            var config = ConfigLoader.parse(TestBrokers.gatewayYaml(mosquitto.uri(), "mosq", "json", dir.resolve("data"),
                    null));
            try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry())) {
                await().atMost(Duration.ofSeconds(30)).until(gateway::ready);
                // A retained probe tells when mosquitto_sub's subscription is in place.
                Process probe = new ProcessBuilder(bin("mosquitto_pub"), "-h", "127.0.0.1", "-p",
                        String.valueOf(mosquitto.port()), "-q", "1", "-r", "-t", PROBE_TOPIC, "-m", "ready")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("probe.out").toFile()).start();
                assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
                Process sub = new ProcessBuilder(bin("mosquitto_sub"), "-h", "127.0.0.1", "-p",
                        String.valueOf(mosquitto.port()), "-q", "1", "-v", "-t", "linegate/mosq/lines/+/predictions",
                        "-t", PROBE_TOPIC, "-C", String.valueOf(WINDOWS + 1), "-W", "90")
                        .redirectError(dir.resolve("sub.err").toFile()).start();
                List<String> subOutput = new CopyOnWriteArrayList<>();
                Thread reader = new Thread(() -> readLines(sub, subOutput), "test-mosquitto-sub-reader");
                reader.start();
                await("mosquitto_sub subscribed").atMost(Duration.ofSeconds(10))
                        .until(() -> subOutput.contains(PROBE_TOPIC + " ready"));

                FleetGenerator generator = new FleetGenerator(1, "M", 3, 0.5);
                PayloadEncoder senml = new PayloadEncoder(PayloadFormat.SENML, "sensors");
                Path packs = dir.resolve("packs.txt");
                try (Writer w = Files.newBufferedWriter(packs)) {
                    for (int i = 0; i < WINDOWS * RATE; i++) {
                        LineTick tick = generator.tick("M1", EndToEndIT.T0 + i * (1000L / RATE));
                        w.write(senml.encode(tick).get(0).payloadText());
                        w.write('\n');
                    }
                }
                Process pub = new ProcessBuilder(bin("mosquitto_pub"), "-h", "127.0.0.1", "-p",
                        String.valueOf(mosquitto.port()), "-q", "1", "-t", "sensors/M1", "-l")
                        .redirectInput(packs.toFile()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("pub.out").toFile()).start();
                assertThat(pub.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(pub.exitValue()).as("mosquitto_pub exit code").isZero();

                assertThat(sub.waitFor(90, TimeUnit.SECONDS)).as("mosquitto_sub finished").isTrue();
                reader.join(5_000);
                assertThat(sub.exitValue()).as("mosquitto_sub exit code (27 = timed out)").isZero();
                List<Prediction> predictions = parsePredictions(subOutput);
                predictions.sort(Comparator.comparingLong(Prediction::getSeq));
                PredictionChecks.assertOnePerWindowGapFree(predictions, WINDOWS, 1000);
                PredictionChecks.assertPrequential(predictions, 5);

                ModelSummary model = readRetainedModel(mosquitto.port());
                GroundTruth truth = generator.groundTruth("M1");
                assertThat(model.getObservations()).isEqualTo(WINDOWS);
                PredictionChecks.assertConverged(model, truth);
            }
        }
        threads.assertNoNewThreads("linegate-", "MQTT");
    }

    private static void readLines(Process process, List<String> into) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                into.add(line);
            }
        } catch (IOException e) {
            into.add("read failed: " + e);
        }
    }

    /** The JSON of the prediction lines ({@code topic payload}, as {@code mosquitto_sub -v} prints them). */
    private static List<Prediction> parsePredictions(List<String> lines) throws IOException {
        List<Prediction> out = new ArrayList<>();
        for (String line : lines) {
            int space = line.indexOf(' ');
            if (space > 0 && line.substring(0, space).endsWith("/predictions")) {
                Prediction.Builder b = Prediction.newBuilder();
                JsonFormat.parser().merge(line.substring(space + 1), b);
                out.add(b.build());
            }
        }
        return out;
    }

    private ModelSummary readRetainedModel(int port) throws IOException, InterruptedException {
        Process sub = new ProcessBuilder(bin("mosquitto_sub"), "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-t", "linegate/mosq/lines/M1/model", "-C", "1", "-W", "10", "--retained-only")
                .redirectError(dir.resolve("model.err").toFile()).start();
        String json = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(sub.waitFor(15, TimeUnit.SECONDS)).isTrue();
        ModelSummary.Builder b = ModelSummary.newBuilder();
        JsonFormat.parser().merge(json, b);
        return b.build();
    }

    private static String bin(String name) {
        return MosquittoProcess.binary(name).orElseThrow().toString();
    }
}
