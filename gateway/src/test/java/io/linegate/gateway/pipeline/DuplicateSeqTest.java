package io.linegate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.gateway.decode.Reading;
import io.linegate.gateway.decode.RejectReason;
import io.linegate.gateway.forward.UpstreamSink;
import io.linegate.gateway.testing.DiscardingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that the line workers drop a reading whose {@code (line, sensor, seq)} was accepted
 * before, whichever transport sends it, count it as {@code DUPLICATE}, and forget the seqs of a
 * message they could not queue.
 */
class DuplicateSeqTest {

    private static final long T0 = 1_764_340_000_000L;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UpstreamSink upstream = new DiscardingSink();
    private final Rejections rejections = new Rejections("gw", meters, upstream, 100, Clock.systemUTC());
    private LineWorkers workers;

    @TempDir
    Path state;

    @AfterEach
    void stop() {
        workers.close(1_000);
    }

    private LineWorkers workers(int queueCapacity) {
        GatewayConfig config = ConfigLoader.parse("lines: {defaults: {features: [x], target: y}}");
        return new LineWorkers("gw", config.lines(), LineModels.BY_KIND, state, Duration.ofHours(1), upstream,
                rejections, 1, queueCapacity, 10, Duration.ofMinutes(5), Clock.systemUTC(), meters);
    }

    private static Reading x(long seq) {
        return new Reading("L1", "x", 1, T0, seq);
    }

    @Test
    void dropsRepeatedSeqsAcrossTransportsAndQueuesTheRest() {
        workers = workers(100);
        workers.start();

        Admission first = workers.offer(List.of(x(1), x(2)), "mqtt", "sensors/L1", null);
        Admission again = workers.offer(List.of(x(2), x(3)), "coap", "/lines/L1", null);
        Admission only = workers.offer(List.of(x(1)), "coap", "/lines/L1/sensors/x", null);
        Admission noSeq = workers.offer(List.of(x(Reading.NO_SEQ), x(Reading.NO_SEQ)), "mqtt", "sensors/L1/x", null);

        assertThat(first).isEqualTo(new Admission(2, 0, false));
        assertThat(again).isEqualTo(new Admission(1, 1, false));
        assertThat(only.onlyDuplicates()).isTrue();
        assertThat(noSeq).isEqualTo(new Admission(2, 0, false));
        assertThat(rejections.count("coap", RejectReason.DUPLICATE)).isEqualTo(2);
        assertThat(rejections.count("mqtt", RejectReason.DUPLICATE)).isZero();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("linegate.readings.accepted").counter().count() == 5);
    }

    @Test
    void remembersOnlyTheRecentSeqsOfEachSensor() {
        workers = workers(100_000);
        for (long seq = 1; seq <= RecentSeqs.PER_SENSOR + 1; seq++) {
            workers.offer(List.of(x(seq)), "mqtt", "t", null);
        }

        assertThat(workers.offer(List.of(x(1)), "mqtt", "t", null).duplicates()).as("seq 1 has been forgotten").isZero();
        assertThat(workers.offer(List.of(x(RecentSeqs.PER_SENSOR)), "mqtt", "t", null).duplicates()).isEqualTo(1);
        assertThat(workers.offer(List.of(new Reading("L1", "y", 1, T0, 5)), "mqtt", "t", null).duplicates())
                .as("seqs are per sensor").isZero();
    }

    @Test
    void forgetsTheSeqsOfAMessageThatFoundTheQueueFull() {
        workers = workers(1);
        workers.offer(List.of(x(1)), "coap", "t", null);

        Admission refused = workers.offer(List.of(x(2)), "coap", "t", null);
        workers.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> workers.queued() == 0);
        Admission retried = workers.offer(List.of(x(2)), "coap", "t", null);

        assertThat(refused.overloaded()).isTrue();
        assertThat(retried).isEqualTo(new Admission(1, 0, false));
        assertThat(rejections.count("coap", RejectReason.OVERLOADED)).isEqualTo(1);
    }
}
