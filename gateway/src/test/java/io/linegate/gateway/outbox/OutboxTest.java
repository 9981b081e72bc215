package io.linegate.gateway.outbox;

import io.linegate.gateway.testing.MutableClock;

import static io.linegate.gateway.outbox.OutboxFixtures.T0;
import static io.linegate.gateway.outbox.OutboxFixtures.append;
import static io.linegate.gateway.outbox.OutboxFixtures.config;
import static io.linegate.gateway.outbox.OutboxFixtures.drain;
import static io.linegate.gateway.outbox.OutboxFixtures.ids;
import static io.linegate.gateway.outbox.OutboxFixtures.payload;
import static io.linegate.gateway.outbox.OutboxFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Outbox outbox;

    @AfterEach
    void close() {
        if (outbox != null) {
            outbox.close();
        }
    }

    private Outbox reopen() {
        if (outbox != null) {
            outbox.close();
        }
        outbox = Outbox.open(config(dir), clock, registry);
        return outbox;
    }

    private List<Long> appendAll(int n) {
        return LongStream.range(0, n).map(i -> append(outbox, "r" + i)).boxed().toList();
    }

    @Test
    void storesEveryFieldAndStampsCreationTimeFromTheClock() {
        reopen();
        long id = outbox.append("model", "L7", "linegate/gw/lines/L7/model", new byte[] {0, 1, (byte) 0xFF}, true);

        assertThat(outbox.peek(10)).containsExactly(new OutboxRecord(id, "model", "L7", "linegate/gw/lines/L7/model",
                new byte[] {0, 1, (byte) 0xFF}, true, T0));
    }

    @Test
    void underEveryAppendAWrittenRecordIsHandedOutOnlyOnceItIsForced() {
        outbox = Outbox.open(everyAppend(), clock, registry);
        long first = outbox.write("prediction", "L1", "t/1", payload("a"), false);
        long second = outbox.write("model", "L1", "t/2", payload("b"), true);

        assertThat(outbox.peek(10)).as("nothing leaves before it is durable").isEmpty();

        outbox.force(first);
        // One fsync covers everything written before it (group commit), so both are durable now.
        assertThat(ids(outbox.peek(10))).containsExactly(first, second);
    }

    @Test
    void theMaintenancePassForcesRecordsWhoseWriterNeverForcedThem() throws Exception {
        outbox = Outbox.open(everyAppend(), clock, registry);
        long id = outbox.write("prediction", "L1", "t/1", payload("a"), false);

        outbox.maintain();

        assertThat(ids(outbox.peek(10))).containsExactly(id);
    }

    @Test
    void underIntervalAWrittenRecordIsHandedOutAtOnceAndForceIsANoOp() {
        reopen();
        long id = outbox.write("prediction", "L1", "t/1", payload("a"), false);
        outbox.force(id);

        assertThat(ids(outbox.peek(10))).containsExactly(id);
    }

    private OutboxConfig everyAppend() {
        OutboxConfig c = config(dir);
        return new OutboxConfig(c.dir(), c.maxBytes(), c.maxAge(), c.segmentBytes(), c.policy(), SyncPolicy.EVERY_APPEND,
                Duration.ofHours(1));
    }

    @Test
    void handsOutEachRecordOnceInIdOrder() {
        reopen();
        List<Long> appended = appendAll(5);

        assertThat(ids(outbox.peek(2))).containsExactlyElementsOf(appended.subList(0, 2));
        assertThat(ids(outbox.peek(10))).containsExactlyElementsOf(appended.subList(2, 5));
        assertThat(outbox.peek(10)).isEmpty();

        long later = append(outbox, "later");
        assertThat(ids(outbox.peek(10))).containsExactly(later);
    }

    @Test
    void rewindMakesEveryUnacknowledgedRecordAvailableAgain() {
        reopen();
        List<Long> appended = appendAll(4);
        outbox.peek(10);
        outbox.ack(appended.get(1));

        outbox.rewind();

        assertThat(ids(outbox.peek(10))).containsExactly(appended.get(0), appended.get(2), appended.get(3));
    }

    @Test
    void acceptsAcknowledgementsInAnyOrder() {
        reopen();
        List<Long> appended = appendAll(5);
        outbox.peek(10);

        outbox.ack(appended.get(3));
        outbox.ack(appended.get(1));
        assertThat(outbox.pending()).isEqualTo(3);
        outbox.ack(appended.get(0));
        outbox.ack(appended.get(4));

        assertThat(outbox.pending()).isEqualTo(1);
        outbox.rewind();
        assertThat(ids(outbox.peek(10))).containsExactly(appended.get(2));
    }

    @Test
    void ignoresRepeatedAndUnknownAcknowledgements() {
        reopen();
        List<Long> appended = appendAll(3);

        outbox.ack(appended.get(0));
        outbox.ack(appended.get(0));
        outbox.ack(999);
        outbox.ack(-5);

        assertThat(outbox.pending()).isEqualTo(2);
    }

    @Test
    void countsPendingRecordsAndTheirFramedBytes() {
        reopen();
        List<Long> appended = appendAll(3);
        long framed = RecordCodec.encode("prediction", "L1", "linegate/gw/lines/L1/predictions", payload("r0"),
                false).length;

        assertThat(outbox.pendingBytes()).isEqualTo(3 * framed);
        outbox.ack(appended.get(1));
        assertThat(outbox.pending()).isEqualTo(2);
        assertThat(outbox.pendingBytes()).isEqualTo(2 * framed);
        assertThat(registry.get("linegate.outbox.pending.records").gauge().value()).isEqualTo(2);
        assertThat(registry.get("linegate.outbox.pending.bytes").gauge().value()).isEqualTo(2.0 * framed);
    }

    @Test
    void keepsIdsIncreasingAcrossReopen() {
        reopen();
        List<Long> before = appendAll(3);
        reopen();
        long after = append(outbox, "after");

        assertThat(after).isGreaterThan(before.get(2));
        assertThat(ids(drain(outbox))).containsExactly(before.get(0), before.get(1), before.get(2), after);
    }

    @Test
    void doesNotHandOutAcknowledgedRecordsAfterReopen() {
        reopen();
        List<Long> appended = appendAll(6);
        outbox.ack(appended.get(0));
        outbox.ack(appended.get(1));
        outbox.ack(appended.get(4));

        reopen();

        assertThat(drain(outbox)).extracting(OutboxFixtures::text).containsExactly("r2", "r3", "r5");
        assertThat(outbox.pending()).isEqualTo(3);
    }

    @Test
    void reSendsOnlyAcknowledgementsNewerThanTheLastCheckpointAfterACrash(@TempDir Path crashed) throws Exception {
        reopen();
        List<Long> appended = appendAll(10);
        outbox.peek(10);
        appended.subList(0, 5).forEach(outbox::ack);
        outbox.ack(appended.get(7));
        outbox.maintain();
        outbox.ack(appended.get(5));
        outbox.ack(appended.get(6));

        try (Outbox afterCrash = Outbox.open(config(OutboxFixtures.copyAsIfCrashed(dir, crashed)), clock,
                new SimpleMeterRegistry())) {
            assertThat(drain(afterCrash)).extracting(OutboxFixtures::text)
                    .as("r5 and r6 were acknowledged after the last checkpoint; r7 out of order before it")
                    .containsExactly("r5", "r6", "r8", "r9");
        }
    }

    @Test
    void writesTheAcknowledgementCheckpointOnItsOwnThread() throws Exception {
        outbox = Outbox.open(config(dir).withSync(SyncPolicy.INTERVAL, Duration.ofMillis(20)), clock, registry);
        List<Long> appended = appendAll(3);
        outbox.ack(appended.get(0));
        outbox.ack(appended.get(1));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> AckCheckpoint.read(dir).watermark() == appended.get(2));
    }

    @Test
    void keepsWorkingForEveryoneAfterAnAppendingThreadIsInterrupted() throws Exception {
        outbox = Outbox.open(config(dir).withSync(SyncPolicy.EVERY_APPEND, Duration.ofHours(1)), clock, registry);
        Thread.currentThread().interrupt();
        try {
            append(outbox, "appended while interrupted");
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is left for the caller").isTrue();
        }

        FutureTask<Long> other = new FutureTask<>(() -> append(outbox, "other"));
        new Thread(other, "other-line-worker").start();
        other.get(5, TimeUnit.SECONDS);

        assertThat(drain(outbox)).extracting(OutboxFixtures::text)
                .containsExactly("appended while interrupted", "other");
    }

    @Test
    void refusesASecondOutboxOnTheSameDirectory() {
        reopen();

        assertThatThrownBy(() -> Outbox.open(config(dir), clock, registry))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already in use");
    }

    @Test
    void refusesAppendAndPeekAfterCloseButIgnoresLateAcknowledgements() {
        reopen();
        long id = append(outbox, "r0");
        outbox.close();

        outbox.ack(id);
        assertThatThrownBy(() -> append(outbox, "r1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> outbox.peek(1)).isInstanceOf(IllegalStateException.class);
        outbox.close();
        outbox = null;

        reopen();
        assertThat(drain(outbox)).extracting(OutboxFixtures::text).containsExactly("r0");
    }

    @Test
    void rejectsInvalidArgumentsWithMessagesNamingThem() {
        reopen();

        assertThatThrownBy(() -> outbox.peek(0)).hasMessage("max must be greater than 0. Found: 0");
        assertThatThrownBy(() -> outbox.append("", "L1", "t", new byte[0], false))
                .hasMessage("kind must not be empty");
        assertThatThrownBy(() -> outbox.append("k", "L1", "", new byte[0], false))
                .hasMessage("topic must not be empty");
        assertThatThrownBy(() -> outbox.append("k", null, "t", new byte[0], false)).hasMessage("key");
        assertThatThrownBy(() -> outbox.append("k", "x".repeat(70_000), "t", new byte[0], false))
                .hasMessage("key must be at most 65535 UTF-8 bytes. Found: 70000");
    }

    @Test
    void stopsItsMaintenanceThreadAndRemovesItsGaugesOnClose() {
        reopen();
        assertThat(threadRunning()).isTrue();

        outbox.close();
        outbox = null;

        await().atMost(Duration.ofSeconds(5)).until(() -> !threadRunning());
        assertThat(registry.find("linegate.outbox.pending.records").gauge()).isNull();
    }

    private static boolean threadRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals(MaintenanceThread.NAME));
    }

    @Test
    void readsBackTextExactly() {
        reopen();
        append(outbox, "ünïcødé ✓");

        assertThat(text(outbox.peek(1).get(0))).isEqualTo("ünïcødé ✓");
    }
}
