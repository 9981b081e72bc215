package io.linegate.gateway.it;

import static io.linegate.gateway.it.Meters.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.proto.Alert;
import io.linegate.proto.Coefficient;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.linegate.sim.Drift;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet whose line L2 drifts (speed's coefficient +3 after 10 minutes of event time) through
 * a gateway running {@code rls} with drift detection: every prediction carries an interval,
 * exactly one alert is published, for L2, soon after the change, the model re-converges, and
 * every summary carries scores, influence and drift status.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DriftIT {

    private static final int LINES = 3;
    private static final int WINDOWS = 1_200;
    private static final int DRIFT_WINDOW = 600;

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    @Test
    void aDriftingLineRaisesOneAlertAndItsModelFollows() throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        String yaml = TestBrokers.gatewayYaml(broker.uri(), "drift", "json", storage, null).replace(
                "    model:\n      kind: ols\n      summaryInterval: 0s\n",
                "    model: {kind: rls, forgetting: 0.99, summaryInterval: 0s}\n"
                        + "    drift: {method: cusum, reaction: forget, forgetFactor: 0.8, forgetWindows: 30}\n");
        assertThat(yaml).contains("kind: rls");
        GatewayConfig config = ConfigLoader.parse(yaml);
        FleetConfig fleetConfig = FleetConfig.builder().brokerUri(broker.uri()).clientId("drift-fleet")
                .topicPrefix("sensors").lines(LINES).ratePerSecond(1).seed(21).format(PayloadFormat.PROTOBUF).qos(1)
                .accelerated(EndToEndIT.T0).maxTicks(WINDOWS)
                .drift(Drift.parse("line=L2, at=" + DRIFT_WINDOW + "s, speed=+3").get(0)).build();
        try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry());
             UpstreamRecorder recorder = new UpstreamRecorder(broker.uri(), "linegate/drift")) {
            await().atMost(Duration.ofSeconds(30)).until(gateway::ready);
            List<GroundTruth> truths;
            try (Fleet fleet = Fleet.start(fleetConfig)) {
                truths = fleet.groundTruth();
                fleet.completion().get(60, TimeUnit.SECONDS);
            }
            await("every window's prediction").atMost(Duration.ofSeconds(60)).until(() ->
                    truths.stream().allMatch(t -> recorder.predictions(t.lineId()).size() == WINDOWS));

            for (GroundTruth truth : truths) {
                List<Prediction> predictions = recorder.predictions(truth.lineId());
                // The first windows are not predicted while equipment state has not varied yet (not identified).
                assertThat(predictions.stream().filter(Prediction::hasPredicted)).as("predicted windows")
                        .hasSizeGreaterThan(WINDOWS - 60)
                        .allSatisfy(p -> assertThat(p.getIntervalLower()).isLessThan(p.getPredicted())
                                .isLessThan(p.getIntervalUpper()));
                await("summary of " + truth.lineId()).atMost(Duration.ofSeconds(10))
                        .until(() -> recorder.model(truth.lineId()) != null
                                && recorder.model(truth.lineId()).getObservations() >= WINDOWS - 1);
                ModelSummary summary = recorder.model(truth.lineId());
                assertThat(summary.getScores().getLifetime().getCount()).isGreaterThan(WINDOWS - 60);
                assertThat(summary.getScores().getRecent().getCount()).isEqualTo(100);
                assertThat(summary.getScores().getLifetime().getCoverage()).isBetween(0.9, 0.99);
                assertThat(summary.getInfluenceList()).hasSize(3);
                assertThat(summary.getInfluence(0).getText()).contains("moves efficiency most");
                assertThat(summary.getDrift().getMethod()).isEqualTo("cusum");
                assertThat(summary.getForgetting()).isEqualTo(0.99);
            }

            assertThat(recorder.alerts("L1")).as("no false alarm on L1").isEmpty();
            assertThat(recorder.alerts("L3")).as("no false alarm on L3").isEmpty();
            List<Alert> alerts = recorder.alerts("L2");
            assertThat(alerts).as("one alert for the one drift").hasSize(1);
            Alert alert = alerts.get(0);
            long delay = alert.getSeq() - DRIFT_WINDOW;
            assertThat(delay).as("windows from the drift to its alert").isBetween(0L, 30L);
            assertThat(alert.getKind()).isEqualTo("drift");
            assertThat(alert.getReaction()).isEqualTo("forget");
            assertThat(alert.getDirection()).as("efficiency now above the predictions").isEqualTo(1);
            assertThat(recorder.model("L2").getDrift().getAlarms()).isEqualTo(1);
            assertThat(count(gateway.meters(), "linegate.drift.alarms")).isEqualTo(1);

            GroundTruth after = truths.get(1).at(Duration.ofSeconds(WINDOWS));
            Coefficient speed = recorder.model("L2").getCoefficientsList().stream()
                    .filter(c -> c.getName().equals("speed")).findFirst().orElseThrow();
            assertThat(speed.getEstimate()).as("L2's speed re-converged to the new truth")
                    .isCloseTo(after.coefficient("speed"), within(5 * speed.getStdError() + 0.05));
            System.out.printf("drift: alert %d windows after the change (seq %d), coverage L1/L2/L3 %.3f/%.3f/%.3f,"
                            + " L2 speed %.3f (true %.3f)%n", delay, alert.getSeq(),
                    recorder.model("L1").getScores().getLifetime().getCoverage(),
                    recorder.model("L2").getScores().getLifetime().getCoverage(),
                    recorder.model("L3").getScores().getLifetime().getCoverage(), speed.getEstimate(),
                    after.coefficient("speed"));
        }
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
    }
}
