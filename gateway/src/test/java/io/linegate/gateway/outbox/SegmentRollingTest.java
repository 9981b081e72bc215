package io.linegate.gateway.outbox;

import io.linegate.gateway.testing.MutableClock;

import static io.linegate.gateway.outbox.OutboxFixtures.T0;
import static io.linegate.gateway.outbox.OutboxFixtures.append;
import static io.linegate.gateway.outbox.OutboxFixtures.config;
import static io.linegate.gateway.outbox.OutboxFixtures.drain;
import static io.linegate.gateway.outbox.OutboxFixtures.ids;
import static io.linegate.gateway.outbox.OutboxFixtures.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentRollingTest {

    @TempDir
    Path dir;

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
        outbox = Outbox.open(config(dir), new MutableClock(T0), new SimpleMeterRegistry());
        return outbox;
    }

    /** Appends records of about 150 bytes on disk, so a 1 KiB segment holds six. */
    private List<Long> appendAll(int n) {
        return LongStream.range(0, n).map(i -> append(outbox, "record " + i + " " + "x".repeat(60))).boxed().toList();
    }

    @Test
    void startsANewSegmentBeforeOneWouldGrowPastSegmentBytes() throws Exception {
        reopen();
        List<Long> appended = appendAll(40);

        List<Path> files = segmentFiles(dir);
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(1024);
        }
        assertThat(Segment.baseIdOf(files.get(0))).isEqualTo(appended.get(0));
        assertThat(ids(drain(outbox))).containsExactlyElementsOf(appended);
    }

    @Test
    void deletesSegmentsWhoseRecordsAreAllAcknowledged() throws Exception {
        reopen();
        List<Long> appended = appendAll(40);
        int before = segmentFiles(dir).size();
        appended.subList(0, 20).forEach(outbox::ack);

        outbox.maintain();

        List<Path> files = segmentFiles(dir);
        assertThat(files).hasSizeLessThan(before);
        assertThat(Segment.baseIdOf(files.get(0))).as("the oldest remaining segment holds id 21")
                .isLessThanOrEqualTo(appended.get(20));
        assertThat(ids(drain(outbox))).containsExactlyElementsOf(appended.subList(20, 40));
        assertThat(outbox.diskBytes()).isEqualTo(OutboxFixtures.segmentBytesOnDisk(dir));
    }

    @Test
    void keepsEverySegmentFromTheOldestUnacknowledgedRecordOn() throws Exception {
        reopen();
        List<Long> appended = appendAll(40);
        int all = segmentFiles(dir).size();
        appended.stream().filter(id -> id != 2).forEach(outbox::ack);

        outbox.maintain();
        assertThat(segmentFiles(dir)).as("id 2 holds the watermark in the first segment").hasSize(all);
        assertThat(ids(drain(outbox))).containsExactly(2L);

        outbox.ack(2);
        outbox.maintain();
        assertThat(segmentFiles(dir)).as("only the active segment").hasSize(1);
    }

    @Test
    void keepsTheActiveSegmentWhenEverythingIsAcknowledgedSoIdsKeepIncreasing() throws Exception {
        reopen();
        List<Long> appended = appendAll(40);
        appended.forEach(outbox::ack);
        outbox.maintain();
        assertThat(segmentFiles(dir)).hasSize(1);

        reopen();
        assertThat(outbox.pending()).isZero();
        assertThat(append(outbox, "next")).isEqualTo(41);

        Files.delete(dir.resolve(AckCheckpoint.FILE));
        reopen();
        assertThat(append(outbox, "after losing the checkpoint")).isEqualTo(42);
    }

    @Test
    void deletesAcknowledgedSegmentsOnOpen() {
        reopen();
        List<Long> appended = appendAll(40);
        appended.subList(0, 30).forEach(outbox::ack);

        reopen();

        assertThat(segmentFiles(dir)).hasSizeLessThanOrEqualTo(3);
        assertThat(ids(drain(outbox))).containsExactlyElementsOf(appended.subList(30, 40));
    }
}
