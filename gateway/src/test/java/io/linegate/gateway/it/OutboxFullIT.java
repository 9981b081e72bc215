package io.linegate.gateway.it;

import static io.linegate.gateway.it.Meters.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.gateway.outbox.Outbox;
import io.linegate.proto.Prediction;
import io.linegate.sim.Fleet;
import io.linegate.sim.FleetConfig;
import io.linegate.sim.GroundTruth;
import io.linegate.sim.PayloadFormat;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outage outlasts a small outbox quota (1 MiB, policy {@code drop-oldest}): the oldest records
 * are dropped to make room and counted by kind, exactly; the gateway keeps running; after the
 * path heals every prediction that was kept arrives, each line's a gapless run of its newest
 * seqs; the store reopens clean.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OutboxFullIT {

    private static final int LINES = 20;
    private static final int WINDOWS = 300;

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    @Test
    void dropsTheOldestCountedExactlyAndRecoversAfterTheOutage() throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        URI brokerUri = URI.create(broker.uri());
        String id = "outbox-full";
        GatewayConfig config;
        try (FaultProxy proxy = new FaultProxy(brokerUri.getHost(), brokerUri.getPort())) {
            String yaml = TestBrokers.gatewayYaml(broker.uri(), proxy.uri(), id, "protobuf", storage, null);
            yaml = TestBrokers.withStorage(yaml, "outbox: {maxMegabytes: 1, policy: drop-oldest, sync: interval}");
            config = ConfigLoader.parse(yaml);
            try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry());
                 UpstreamRecorder recorder = new UpstreamRecorder(broker.uri(), "linegate/" + id)) {
                MeterRegistry meters = gateway.meters();
                await().atMost(Duration.ofSeconds(30)).until(gateway::ready);
                proxy.mode(FaultProxy.Mode.RESET);
                await("the gateway notices the cut").atMost(Duration.ofSeconds(30)).until(() -> !gateway.ready());

                FleetConfig fleetConfig = FleetConfig.builder().brokerUri(broker.uri()).clientId(id + "-fleet")
                        .topicPrefix("sensors").lines(LINES).linePrefix("full-L").ratePerSecond(1).seed(5)
                        .format(PayloadFormat.PROTOBUF).qos(1).accelerated(EndToEndIT.T0).maxTicks(WINDOWS).build();
                List<GroundTruth> truths;
                try (Fleet fleet = Fleet.start(fleetConfig)) {
                    truths = fleet.groundTruth();
                    fleet.completion().get(90, TimeUnit.SECONDS);
                }
                await("every window closed").atMost(Duration.ofSeconds(60))
                        .until(() -> count(meters, "linegate.predictions") == LINES * WINDOWS);
                double droppedPredictions = count(meters, "linegate.outbox.dropped", "reason", "full", "kind", "prediction");
                assertThat(droppedPredictions).as("the quota was hit during the outage").isPositive();
                assertThat(gateway.ready()).as("still cut").isFalse();

                proxy.mode(FaultProxy.Mode.PASS);
                await("the outbox drains").atMost(Duration.ofSeconds(90))
                        .until(() -> meters.get("linegate.outbox.pending.records").gauge().value() == 0
                                && gateway.ready());
                await("each line's newest prediction arrives").atMost(Duration.ofSeconds(30)).until(() ->
                        truths.stream().allMatch(t -> recorder.predictions(t.lineId()).stream()
                                .anyMatch(p -> p.getSeq() == WINDOWS)));

                long missing = 0;
                for (GroundTruth truth : truths) {
                    TreeSet<Long> seqs = recorder.predictions(truth.lineId()).stream().map(Prediction::getSeq)
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertThat(seqs).as("kept predictions of " + truth.lineId()).isNotEmpty();
                    assertThat(seqs).as("the newest seqs of " + truth.lineId() + ", without gaps")
                            .containsExactlyElementsOf(LongStream.rangeClosed(seqs.first(), WINDOWS).boxed().toList());
                    missing += WINDOWS - seqs.size();
                }
                assertThat(count(meters, "linegate.outbox.dropped", "reason", "full", "kind", "prediction"))
                        .as("every prediction that did not arrive is counted as dropped, and only those")
                        .isEqualTo(missing);
                assertThat(count(meters, "linegate.outbox.dropped", "kind", "unknown")).isZero();
                assertThat(count(meters, "linegate.outbox.dropped", "reason", "rejected")).isZero();
                for (GroundTruth truth : truths) {
                    await("retained model of " + truth.lineId()).atMost(Duration.ofSeconds(10))
                            .until(() -> recorder.model(truth.lineId()) != null
                                    && recorder.model(truth.lineId()).getObservations() == WINDOWS);
                }
                System.out.printf("outbox full: %d predictions and %d model summaries made during the outage,"
                                + " %.0f predictions and %.0f model summaries dropped (counted), %d predictions"
                                + " arrived after the heal%n", LINES * WINDOWS, LINES * WINDOWS, droppedPredictions,
                        count(meters, "linegate.outbox.dropped", "reason", "full", "kind", "model"),
                        LINES * WINDOWS - missing);
            }
        }
        SimpleMeterRegistry reopened = new SimpleMeterRegistry();
        try (Outbox outbox = Outbox.open(config.outbox(), Clock.systemUTC(), reopened)) {
            assertThat(outbox.pending()).as("nothing left after the drain").isZero();
            assertThat(count(reopened, "linegate.outbox.dropped")).as("no corruption on reopen").isZero();
        }
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
    }
}
