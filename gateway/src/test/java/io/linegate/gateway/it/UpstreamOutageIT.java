package io.linegate.gateway.it;

import static io.linegate.gateway.it.Meters.count;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A fleet publishes in real time while the upstream path is cut (blackholed or reset) for 30
 * windows of one second: the predictions made meanwhile wait in the outbox and, after the path
 * heals, all arrive, paced, followed by the live ones: every seq of every line, original seqs,
 * replays marked, duplicates bounded by the in-flight window, the retained summary the newest.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class UpstreamOutageIT {

    private static final int LINES = 4;
    private static final int TICKS_PER_SECOND = 20;
    private static final int OUTAGE_WINDOWS = 30;
    private static final int MAX_IN_FLIGHT = 50;
    private static final int REPLAY_RATE = 100;

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    @ParameterizedTest(name = "upstream {0}")
    @EnumSource(value = FaultProxy.Mode.class, names = {"BLACKHOLE", "RESET"})
    void everyPredictionArrivesAfterAThirtySecondCutWhileTheFleetPublishes(FaultProxy.Mode fault) throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        URI brokerUri = URI.create(broker.uri());
        String id = "outage-" + fault.name().toLowerCase();
        try (FaultProxy proxy = new FaultProxy(brokerUri.getHost(), brokerUri.getPort())) {
            String yaml = TestBrokers.withUpstream(
                    TestBrokers.gatewayYaml(broker.uri(), proxy.uri(), id, "protobuf", storage, null),
                    "keepAlive: 2s\nmaxInFlight: " + MAX_IN_FLIGHT + "\nreplayRate: " + REPLAY_RATE);
            GatewayConfig config = ConfigLoader.parse(yaml);
            try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry());
                 UpstreamRecorder recorder = new UpstreamRecorder(broker.uri(), "linegate/" + id)) {
                MeterRegistry meters = gateway.meters();
                await().atMost(Duration.ofSeconds(30)).until(gateway::ready);
                FleetConfig fleetConfig = FleetConfig.builder().brokerUri(broker.uri()).clientId(id + "-fleet")
                        .topicPrefix("sensors").lines(LINES).linePrefix(id + "-L").ratePerSecond(TICKS_PER_SECOND)
                        .seed(3).format(PayloadFormat.PROTOBUF).qos(1).realtime().duration(Duration.ofSeconds(45))
                        .build();
                List<GroundTruth> truths;
                long fleetStart = System.nanoTime();
                long published;
                long fleetMs;
                long cutMs;
                double backlogAtHeal;
                long drainMs;
                long reconnectMs;
                AtomicReference<Double> idleAtFleetEnd = new AtomicReference<>();
                AtomicLong fleetEnd = new AtomicLong();
                try (Fleet fleet = Fleet.start(fleetConfig)) {
                    truths = fleet.groundTruth();
                    // Each line's last window closes by idle timeout, a second or more after the fleet stops.
                    CompletableFuture<Void> ended = fleet.completion().thenRun(() -> {
                        fleetEnd.set(System.nanoTime());
                        idleAtFleetEnd.set(count(meters, "linegate.windows.closed", "cause", "idle"));
                    });
                    await("predictions flowing").atMost(Duration.ofSeconds(30))
                            .until(() -> recorder.totalPredictions() >= 3L * LINES);

                    proxy.mode(fault);
                    long cutAt = System.nanoTime();
                    double madeBeforeCut = count(meters, "linegate.predictions");
                    await("the gateway notices the cut").atMost(Duration.ofSeconds(30)).until(() -> !gateway.ready());
                    long attemptsBefore = proxy.connections();
                    await(OUTAGE_WINDOWS + " windows per line made during the cut, and a reconnect tried through it")
                            .atMost(Duration.ofSeconds(90))
                            .until(() -> count(meters, "linegate.predictions") >= madeBeforeCut + OUTAGE_WINDOWS * LINES
                                    && proxy.connections() > attemptsBefore);
                    backlogAtHeal = meters.get("linegate.outbox.pending.records").gauge().value();
                    double madeBeforeHeal = count(meters, "linegate.predictions");
                    cutMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);

                    proxy.mode(FaultProxy.Mode.PASS);
                    long healedAt = System.nanoTime();
                    await("the gateway reconnects").atMost(Duration.ofSeconds(60)).until(gateway::ready);
                    reconnectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healedAt);
                    await("the backlog arrives").atMost(Duration.ofSeconds(60))
                            .until(() -> distinctPredictions(recorder, truths) >= madeBeforeHeal);
                    drainMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healedAt);

                    ended.get(60, TimeUnit.SECONDS);
                    fleetMs = TimeUnit.NANOSECONDS.toMillis(fleetEnd.get() - fleetStart);
                    published = fleet.publishedReadings();
                }
                await("every line's last window closed").atMost(Duration.ofSeconds(30)).until(() ->
                        count(meters, "linegate.windows.closed", "cause", "idle") >= idleAtFleetEnd.get() + LINES);
                await("every prediction made arrived").atMost(Duration.ofSeconds(60)).until(() ->
                        meters.get("linegate.outbox.pending.records").gauge().value() == 0
                                && distinctPredictions(recorder, truths) == count(meters, "linegate.predictions"));

                long duplicates = 0;
                long replays = 0;
                for (GroundTruth truth : truths) {
                    List<Prediction> got = recorder.predictions(truth.lineId());
                    Set<Long> seqs = got.stream().map(Prediction::getSeq).collect(Collectors.toCollection(TreeSet::new));
                    assertThat(seqs).as("seqs of " + truth.lineId()).containsExactlyElementsOf(
                            LongStream.rangeClosed(1, seqs.size()).boxed().collect(Collectors.toList()));
                    duplicates += got.size() - seqs.size();
                    replays += got.stream().filter(Prediction::getReplayed).count();
                }
                assertThat(count(meters, "linegate.readings.accepted")).as("every published reading accepted")
                        .isEqualTo(published);
                assertThat(duplicates).as("duplicates within the in-flight window").isLessThanOrEqualTo(MAX_IN_FLIGHT);
                assertThat(replays).as("predictions that waited out the outage are marked replayed")
                        .isGreaterThanOrEqualTo((long) OUTAGE_WINDOWS * LINES - MAX_IN_FLIGHT);
                // Paced: unpaced, the backlog goes out in about 0.1 s. The predictions in it (half of it;
                // the rest are model summaries, which may come last) cannot arrive faster than the replay
                // rate allows after one burst; the margin absorbs when readiness was noticed.
                assertThat(drainMs - reconnectMs).as("drain time of %.0f records at %d/s", backlogAtHeal, REPLAY_RATE)
                        .isGreaterThanOrEqualTo((long) ((backlogAtHeal / 2 - REPLAY_RATE / 10.0) * 1000 / REPLAY_RATE));
                try (UpstreamRecorder late = new UpstreamRecorder(broker.uri(), "linegate/" + id)) {
                    for (GroundTruth truth : truths) {
                        long newest = recorder.predictions(truth.lineId()).stream()
                                .mapToLong(p -> p.getModelObservations() + (p.hasActual() ? 1 : 0)).max().orElseThrow();
                        await("retained model of " + truth.lineId() + " is the newest").atMost(Duration.ofSeconds(10))
                                .until(() -> late.model(truth.lineId()) != null
                                        && late.model(truth.lineId()).getObservations() == newest);
                    }
                }
                assertThat(count(meters, "linegate.outbox.dropped")).isZero();
                System.out.printf("outage %s of %d ms while a fleet published %d readings in %d ms (%.0f readings/s):"
                                + " %.0f predictions, %.0f records waiting at heal; reconnected %d ms after the heal (backoff),"
                                + " backlog arrived %d ms after the heal at replayRate %d/s; 0 lost, %d duplicates,"
                                + " %d marked replayed%n", fault, cutMs, published, fleetMs,
                        published * 1000.0 / fleetMs, count(meters, "linegate.predictions"), backlogAtHeal, reconnectMs,
                        drainMs, REPLAY_RATE, duplicates, replays);
            }
        }
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
    }

    private static long distinctPredictions(UpstreamRecorder recorder, List<GroundTruth> truths) {
        long distinct = 0;
        for (GroundTruth truth : truths) {
            distinct += recorder.predictions(truth.lineId()).stream().map(Prediction::getSeq).distinct().count();
        }
        return distinct;
    }
}
