package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.app.EmbeddedBroker;
import io.linegate.proto.Prediction;
import io.linegate.sim.Fleet;
import io.linegate.sim.FleetConfig;
import io.linegate.sim.GroundTruth;
import io.linegate.sim.PayloadFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that {@code kill -9} of the gateway process under load loses no accepted
 * prediction and resets no model: the gateway runs as a child JVM, is killed at random
 * points while a fleet publishes, and restarted on the same storage.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GatewayKillIT {

    private static final int KILLS = 10;
    private static final String ID = "killed";

    @TempDir
    Path dir;

    /** Every gateway process started, so none outlives the test whatever happens. */
    private final List<Process> started = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void killNineUnderLoadLosesNoAcceptedPredictionAndModelsResume() throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        Random random = new Random(20261128);
        try (EmbeddedBroker broker = TestBrokers.hivemq();
             UpstreamRecorder recorder = new UpstreamRecorder(broker.uri(), "linegate/" + ID)) {
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, TestBrokers.gatewayYaml(broker.uri(), ID, "protobuf", dir.resolve("data"), null)
                    .replace("    qos: 1\nlines:", "    qos: 1\n    cleanStart: false\n    sessionExpiry: 1h\nlines:")
                    .replace("storage:\n  dir:", "storage:\n  checkpointInterval: 1s\n  dir:"));
            FleetConfig fleetConfig = FleetConfig.builder().brokerUri(broker.uri()).lines(2).ratePerSecond(20).seed(9)
                    .format(PayloadFormat.JSON).qos(1).realtime().build();
            List<GroundTruth> truths;
            int births = 0;
            try (Fleet fleet = Fleet.start(fleetConfig)) {
                truths = fleet.groundTruth();
                for (int kill = 0; kill < KILLS; kill++) {
                    Process gateway = startGateway(config, kill);
                    births = awaitBirth(recorder, births);
                    long before = recorder.totalPredictions();
                    long more = 1 + random.nextInt(4);
                    await("predictions while up").atMost(Duration.ofSeconds(30))
                            .until(() -> recorder.totalPredictions() >= before + more);
                    gateway.destroyForcibly();
                    assertThat(gateway.waitFor(10, TimeUnit.SECONDS)).isTrue();
                }
                Process last = startGateway(config, KILLS);
                births = awaitBirth(recorder, births);
                fleet.stop();
                long[] seen = {-1};
                await("no more predictions after the fleet stopped").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofSeconds(2)).until(() -> {
                            long n = recorder.totalPredictions();
                            boolean quiet = n == seen[0];
                            seen[0] = n;
                            return quiet;
                        });
                last.destroy();
                assertThat(last.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }

            for (GroundTruth truth : truths) {
                List<Prediction> got = new ArrayList<>(recorder.predictions(truth.lineId()));
                got.sort(Comparator.comparingLong(Prediction::getSeq));
                Map<Long, Long> windowOfSeq = new HashMap<>();
                TreeSet<Long> seqs = new TreeSet<>();
                long observations = -1;
                for (Prediction p : got) {
                    Long window = windowOfSeq.putIfAbsent(p.getSeq(), p.getWindowStartMs());
                    assertThat(window == null || window == p.getWindowStartMs())
                            .as("seq %d of %s names one window only (never reused)", p.getSeq(), truth.lineId()).isTrue();
                    assertThat(p.getModelObservations()).as("model of %s resumes, never relearns from zero (seq %d)",
                            truth.lineId(), p.getSeq()).isGreaterThanOrEqualTo(observations);
                    observations = p.getModelObservations();
                    seqs.add(p.getSeq());
                }
                long skipped = seqs.last() - seqs.size();
                System.out.printf("kill -9: line %s, %d predictions up to seq %d, %d seqs skipped by %d kills%n",
                        truth.lineId(), seqs.size(), seqs.last(), skipped, KILLS);
                assertThat(skipped).as("a kill can skip at most the seq of the window it interrupted")
                        .isLessThanOrEqualTo(KILLS);
                assertThat(seqs.size()).isGreaterThan(KILLS);
            }
        }
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
    }

    private Process startGateway(Path config, int run) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.linegate.gateway.app.GatewayCli", "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway-" + run + ".log").toFile())
                .start();
        started.add(process);
        return process;
    }

    private static int awaitBirth(UpstreamRecorder recorder, int births) {
        await("gateway up (birth published)").atMost(Duration.ofSeconds(30))
                .until(() -> recorder.statuses().stream().filter("online"::equals).count() > births);
        return (int) recorder.statuses().stream().filter("online"::equals).count();
    }
}
