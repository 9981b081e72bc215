package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.proto.Prediction;
import io.linegate.sim.Fleet;
import io.linegate.sim.FleetConfig;
import io.linegate.sim.GroundTruth;
import io.linegate.sim.PayloadFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies that readings published by the simulated fleet through a real broker (HiveMQ CE
 * embedded) come out upstream as exactly one prediction per line per window, gap-free,
 * each equal to the batch fit of the earlier windows, with coefficients converging to the
 * fleet's ground truth.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EndToEndIT {

    static final long T0 = 1_764_340_000_000L;
    static final int LINES = 3;
    static final int RATE = 10;
    static final int WINDOWS = 60;

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    @ParameterizedTest(name = "fleet {0} in, {1} out")
    @CsvSource({"JSON, json", "PROTOBUF, protobuf", "SENML, json"})
    void fleetReadingsBecomeOneHonestPredictionPerWindow(PayloadFormat in, String out) throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        runScenario(broker.uri(), "e2e-" + in.name().toLowerCase(), in, out, storage);
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
    }

    /**
     * Fleet → broker → gateway → broker → recorder, then every check of this class.
     * Shared with the runs against other brokers.
     */
    static void runScenario(String brokerUri, String gatewayId, PayloadFormat in, String out, Path storage)
            throws Exception {
        GatewayConfig config = ConfigLoader.parse(TestBrokers.gatewayYaml(brokerUri, gatewayId, out, storage, null));

        List<GroundTruth> truths;
        try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry());
             UpstreamRecorder recorder = new UpstreamRecorder(brokerUri, "linegate/" + gatewayId)) {
            await("gateway ready").atMost(Duration.ofSeconds(30)).until(gateway::ready);

            FleetConfig fleetConfig = FleetConfig.builder()
                    .brokerUri(brokerUri)
                    .lines(LINES)
                    .ratePerSecond(RATE)
                    .seed(7)
                    .format(in)
                    .qos(1)
                    .accelerated(T0)
                    .maxTicks((long) RATE * WINDOWS)
                    .build();
            try (Fleet fleet = Fleet.start(fleetConfig)) {
                truths = fleet.groundTruth();
                fleet.completion().get(60, TimeUnit.SECONDS);
            }

            await("one prediction per window per line").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(recorder.totalPredictions())
                            .as(() -> "predictions received; gateway counters: " + Meters.describe(gateway.meters()))
                            .isGreaterThanOrEqualTo((long) LINES * WINDOWS));
            for (GroundTruth truth : truths) {
                List<Prediction> predictions = recorder.predictionsBySeq(truth.lineId());
                PredictionChecks.assertOnePerWindowGapFree(predictions, WINDOWS, 1000);
                assertThat(predictions.get(0).getWindowStartMs()).isEqualTo(T0);
                int withValue = PredictionChecks.assertPrequential(predictions, 5);
                assertThat(withValue).as("predictions with a value").isGreaterThan(WINDOWS - 15);
                await("final model of " + truth.lineId()).atMost(Duration.ofSeconds(10))
                        .until(() -> recorder.model(truth.lineId()) != null
                                && recorder.model(truth.lineId()).getObservations() == WINDOWS);
                PredictionChecks.assertConverged(recorder.model(truth.lineId()), truth);
            }
            assertThat(recorder.statuses()).contains("online");
            assertThat(recorder.undecodable()).isZero();
            assertThat(gateway.meters().get("linegate.readings.accepted").counter().count())
                    .isEqualTo((double) LINES * WINDOWS * RATE * 4);
        }
    }
}
