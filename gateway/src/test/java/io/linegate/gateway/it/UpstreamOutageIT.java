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
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Verifies that predictions made while the upstream path is cut (blackholed or reset) wait in
 * the outbox and all arrive after it heals: every seq of every line, original seqs, replays
 * marked, duplicates bounded by the in-flight window.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UpstreamOutageIT {

    private static final int LINES = 3;
    private static final int WINDOWS = 40;

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    @ParameterizedTest(name = "upstream {0}")
    @EnumSource(value = FaultProxy.Mode.class, names = {"BLACKHOLE", "RESET"})
    void everyPredictionArrivesAfterTheUpstreamPathHeals(FaultProxy.Mode fault) throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        URI brokerUri = URI.create(broker.uri());
        String id = "outage-" + fault.name().toLowerCase();
        try (FaultProxy proxy = new FaultProxy(brokerUri.getHost(), brokerUri.getPort())) {
            String yaml = TestBrokers.gatewayYaml(broker.uri(), id, "protobuf", storage, null)
                    .replace("upstream:\n  broker: " + broker.uri(), "upstream:\n  broker: " + proxy.uri()
                            + "\n  keepAlive: 2s\n  maxInFlight: 50");
            GatewayConfig config = ConfigLoader.parse(yaml);
            try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry());
                 UpstreamRecorder recorder = new UpstreamRecorder(broker.uri(), "linegate/" + id)) {
                await().atMost(Duration.ofSeconds(30)).until(gateway::ready);

                proxy.mode(fault);
                long cutAt = System.nanoTime();
                FleetConfig fleetConfig = FleetConfig.builder().brokerUri(broker.uri()).lines(LINES).ratePerSecond(10)
                        .seed(3).format(PayloadFormat.PROTOBUF).qos(1).accelerated(EndToEndIT.T0)
                        .maxTicks(10L * WINDOWS).build();
                List<GroundTruth> truths;
                try (Fleet fleet = Fleet.start(fleetConfig)) {
                    truths = fleet.groundTruth();
                    fleet.completion().get(60, TimeUnit.SECONDS);
                }
                await("every window closed").atMost(Duration.ofSeconds(30)).until(() ->
                        gateway.meters().find("linegate.predictions").counters().stream()
                                .mapToDouble(c -> c.count()).sum() == LINES * WINDOWS);
                await("the gateway notices the cut").atMost(Duration.ofSeconds(30)).until(() -> !gateway.ready());
                long attemptsBefore = proxy.connections();
                await("the gateway tries to reconnect through the cut path").atMost(Duration.ofSeconds(60))
                        .until(() -> proxy.connections() > attemptsBefore);
                long backlog = recorderMissing(recorder, truths);

                long outageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
                proxy.mode(FaultProxy.Mode.PASS);
                long healedAt = System.nanoTime();
                await("all predictions after the outage").atMost(Duration.ofSeconds(60))
                        .until(() -> recorderMissing(recorder, truths) == 0);
                long drainMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healedAt);

                long duplicates = 0;
                long replays = 0;
                for (GroundTruth truth : truths) {
                    List<Prediction> got = recorder.predictions(truth.lineId());
                    Set<Long> seqs = got.stream().map(Prediction::getSeq).collect(Collectors.toCollection(TreeSet::new));
                    assertThat(seqs).containsExactlyElementsOf(
                            LongStream.rangeClosed(1, WINDOWS).boxed().collect(Collectors.toList()));
                    duplicates += got.size() - seqs.size();
                    replays += got.stream().filter(Prediction::getReplayed).count();
                }
                assertThat(duplicates).as("duplicates within the in-flight window").isLessThanOrEqualTo(50);
                assertThat(replays).as("predictions that waited out the outage are marked replayed").isPositive();
                try (UpstreamRecorder late = new UpstreamRecorder(broker.uri(), "linegate/" + id)) {
                    for (GroundTruth truth : truths) {
                        await("retained model of " + truth.lineId() + " is the newest").atMost(Duration.ofSeconds(10))
                                .until(() -> late.model(truth.lineId()) != null
                                        && late.model(truth.lineId()).getObservations() == WINDOWS);
                    }
                }
                assertThat(gateway.meters().find("linegate.outbox.dropped").counters())
                        .allSatisfy(c -> assertThat(c.count()).isZero());
                System.out.printf("outage %s of %d ms: %d predictions (%d waiting at heal), drained in %d ms, "
                        + "%d duplicates, %d marked replayed%n", fault, outageMs, LINES * WINDOWS, backlog, drainMs,
                        duplicates, replays);
            }
        }
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
    }

    private static long recorderMissing(UpstreamRecorder recorder, List<GroundTruth> truths) {
        long missing = 0;
        for (GroundTruth truth : truths) {
            long distinct = recorder.predictions(truth.lineId()).stream().map(Prediction::getSeq).distinct().count();
            missing += WINDOWS - distinct;
        }
        return missing;
    }
}
