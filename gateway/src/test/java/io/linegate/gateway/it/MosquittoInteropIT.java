package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.util.JsonFormat;
import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.linegate.sim.Fleet;
import io.linegate.sim.FleetConfig;
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
 * process, readings published by {@code mosquitto_pub} (SenML packs on the line topic and a
 * bare number on a sensor topic), predictions and the retained model read back with
 * {@code mosquitto_sub} as canonical proto3 JSON; and a broker restart under a running
 * gateway. Skipped when Mosquitto is not installed.
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
                        String.valueOf(mosquitto.port()), "-q", "1", "-v", "-t", "linegate/mosq/lines/M1/predictions",
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
                Process number = new ProcessBuilder(bin("mosquitto_pub"), "-h", "127.0.0.1", "-p",
                        String.valueOf(mosquitto.port()), "-q", "1", "-t", "sensors/M2/feed", "-m", "42.5")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("number.out").toFile()).start();
                assertThat(number.waitFor(30, TimeUnit.SECONDS)).isTrue();
                await("bare number accepted on a sensor topic").atMost(Duration.ofSeconds(10))
                        .until(() -> gateway.lines() == 2);

                assertThat(sub.waitFor(90, TimeUnit.SECONDS)).as("mosquitto_sub finished").isTrue();
                reader.join(5_000);
                assertThat(sub.exitValue()).as("mosquitto_sub exit code (27 = timed out)").isZero();
                List<Prediction> predictions = parsePredictions(subOutput);
                predictions.sort(Comparator.comparingLong(Prediction::getSeq));
                PredictionChecks.assertOnePerWindowGapFree(predictions, WINDOWS, 1000);
                PredictionChecks.assertPrequential(predictions, 5);

                ModelSummary model = await("retained model after the last window").atMost(Duration.ofSeconds(20))
                        .until(() -> readRetainedModel(mosquitto.port()), m -> m.getObservations() == WINDOWS);
                GroundTruth truth = generator.groundTruth("M1");
                PredictionChecks.assertConverged(model, truth);
            }
        }
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
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

    @Test
    void reconnectsResubscribesAndRepublishesBirthAfterBrokerRestart() throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        Path brokerDir = Files.createDirectories(dir.resolve("broker"));
        MosquittoProcess first = MosquittoProcess.start(brokerDir);
        int port = first.port();
        var config = ConfigLoader.parse(TestBrokers.gatewayYaml(first.uri(), "restart", "json", dir.resolve("data"),
                null));
        Gateway gateway = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry());
        try {
            await().atMost(Duration.ofSeconds(30)).until(gateway::ready);
            first.close();
            await("gateway notices the broker is gone").atMost(Duration.ofSeconds(30)).until(() -> !gateway.ready());

            try (MosquittoProcess second = MosquittoProcess.start(brokerDir, port)) {
                await("reconnected and resubscribed").atMost(Duration.ofSeconds(60)).until(gateway::ready);
                try (UpstreamRecorder recorder = new UpstreamRecorder(second.uri(), "linegate/restart")) {
                    await("retained birth published again").atMost(Duration.ofSeconds(10))
                            .until(() -> recorder.statuses().contains("online"));
                    FleetConfig fleetConfig = FleetConfig.builder().brokerUri(second.uri()).lines(1).ratePerSecond(10)
                            .seed(5).format(io.linegate.sim.PayloadFormat.PROTOBUF).qos(1)
                            .accelerated(EndToEndIT.T0).maxTicks(100).build();
                    try (Fleet fleet = Fleet.start(fleetConfig)) {
                        fleet.completion().get(30, TimeUnit.SECONDS);
                    }
                    await("predictions after the restart").atMost(Duration.ofSeconds(30))
                            .until(() -> recorder.predictionsBySeq("L1").size() == 10);
                    PredictionChecks.assertOnePerWindowGapFree(recorder.predictionsBySeq("L1"), 10, 1000);
                }
            }
            await("gateway notices the broker is gone again").atMost(Duration.ofSeconds(30))
                    .until(() -> !gateway.ready());
        } finally {
            gateway.close();
        }
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
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
