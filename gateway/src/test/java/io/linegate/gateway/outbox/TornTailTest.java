package io.linegate.gateway.outbox;

import io.linegate.gateway.testing.MutableClock;

import static io.linegate.gateway.outbox.OutboxFixtures.T0;
import static io.linegate.gateway.outbox.OutboxFixtures.append;
import static io.linegate.gateway.outbox.OutboxFixtures.config;
import static io.linegate.gateway.outbox.OutboxFixtures.drain;
import static io.linegate.gateway.outbox.OutboxFixtures.dropped;
import static io.linegate.gateway.outbox.OutboxFixtures.ids;
import static io.linegate.gateway.outbox.OutboxFixtures.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a segment whose end was torn by a crash (cut anywhere, a flipped bit, trailing
 * garbage) opens with every complete earlier record and keeps accepting appends.
 */
class TornTailTest {

    /** Three records in one segment; the third one is the victim. */
    private static final class Fixture {
        static final byte[] SEGMENT;
        static final int THIRD_RECORD_AT;

        static {
            Path dir = OutboxFixtures.tempDir();
            try {
                try (Outbox outbox = open(dir)) {
                    append(outbox, "first");
                    append(outbox, "second");
                }
                THIRD_RECORD_AT = (int) Files.size(segmentFiles(dir).get(0));
                try (Outbox outbox = open(dir)) {
                    append(outbox, "third, the one that gets torn");
                }
                SEGMENT = Files.readAllBytes(segmentFiles(dir).get(0));
                if (SEGMENT.length - THIRD_RECORD_AT > 200) {
                    throw new AssertionError("the cut property covers a last record of at most 200 bytes");
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            } finally {
                OutboxFixtures.deleteRecursively(dir);
            }
        }
    }

    private static Outbox open(Path dir) {
        return Outbox.open(config(dir), new MutableClock(T0), new SimpleMeterRegistry());
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void opensWithEarlierRecordsWhenTheLastRecordIsCutAtAnyByte(@ForAll @IntRange(min = 0, max = 200) int cutBack) {
        int length = Fixture.SEGMENT.length - 1 - cutBack;
        if (length < Fixture.THIRD_RECORD_AT) {
            return; // beyond the start of the third record
        }
        assertOpensWithFirstTwoRecords(Arrays.copyOf(Fixture.SEGMENT, length), true);
    }

    @Property(tries = 100)
    void opensWithEarlierRecordsWhenTheLastRecordHasAFlippedBit(@ForAll @IntRange(min = 0, max = 10_000) int anyBit) {
        int bits = (Fixture.SEGMENT.length - Fixture.THIRD_RECORD_AT) * 8;
        int bit = Fixture.THIRD_RECORD_AT * 8 + anyBit % bits;
        byte[] damaged = Fixture.SEGMENT.clone();
        damaged[bit / 8] ^= (byte) (1 << (bit % 8));
        assertOpensWithFirstTwoRecords(damaged, false);
    }

    @Property(tries = 50)
    void opensWithEveryRecordWhenGarbageFollowsTheLastOne(@ForAll byte[] garbage) {
        byte[] withGarbage = Arrays.copyOf(Fixture.SEGMENT, Fixture.SEGMENT.length + garbage.length);
        System.arraycopy(garbage, 0, withGarbage, Fixture.SEGMENT.length, garbage.length);
        inDirectoryWithSegment(withGarbage, dir -> {
            try (Outbox outbox = open(dir)) {
                assertThat(drain(outbox)).extracting(OutboxFixtures::text)
                        .containsExactly("first", "second", "third, the one that gets torn");
            }
        });
    }

    @Test
    void cutsOffAnIntactFrameWhoseIdDoesNotFollowOn() {
        int firstFrameBytes = RecordCodec.FRAME_HEADER_BYTES
                + ByteBuffer.wrap(Fixture.SEGMENT).getInt(Segment.HEADER_BYTES);
        byte[] firstFrame = Arrays.copyOfRange(Fixture.SEGMENT, Segment.HEADER_BYTES,
                Segment.HEADER_BYTES + firstFrameBytes);
        byte[] withStaleFrame = Arrays.copyOf(Fixture.SEGMENT, Fixture.SEGMENT.length + firstFrame.length);
        System.arraycopy(firstFrame, 0, withStaleFrame, Fixture.SEGMENT.length, firstFrame.length);
        inDirectoryWithSegment(withStaleFrame, dir -> {
            try (Outbox outbox = open(dir)) {
                assertThat(ids(drain(outbox))).containsExactly(1L, 2L, 3L);
                assertThat(append(outbox, "fourth")).isEqualTo(4);
            }
        });
    }

    private static void assertOpensWithFirstTwoRecords(byte[] segment, boolean reopenAfterAppend) {
        inDirectoryWithSegment(segment, dir -> {
            try (Outbox outbox = open(dir)) {
                assertThat(drain(outbox)).extracting(OutboxFixtures::text).containsExactly("first", "second");
                assertThat(Files.size(segmentFiles(dir).get(0))).as("torn tail cut off")
                        .isEqualTo(Fixture.THIRD_RECORD_AT);
                assertThat(append(outbox, "after the crash")).isEqualTo(3);
            }
            if (!reopenAfterAppend) {
                return;
            }
            try (Outbox outbox = open(dir)) {
                assertThat(drain(outbox)).extracting(OutboxFixtures::text)
                        .containsExactly("first", "second", "after the crash");
            }
        });
    }

    private interface DirTest {
        void run(Path dir) throws IOException;
    }

    private static void inDirectoryWithSegment(byte[] segment, DirTest test) {
        Path dir = OutboxFixtures.tempDir();
        try {
            Files.write(Segment.pathFor(dir, 1), segment);
            test.run(dir);
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            OutboxFixtures.deleteRecursively(dir);
        }
    }

    @Test
    void opensWhenTheNewestSegmentWasTornWhileBeingCreated() throws IOException {
        inDirectoryWithSegment(Fixture.SEGMENT, dir -> {
            Files.write(Segment.pathFor(dir, 4), new byte[] {0x4C, 0x47});
            try (Outbox outbox = open(dir)) {
                assertThat(drain(outbox)).hasSize(3);
                assertThat(append(outbox, "fourth")).isEqualTo(4);
            }
        });
    }

    @Test
    void setsAsideADamagedOlderSegmentAndCountsItsRecordsAsCorrupt() throws IOException {
        inDirectoryWithSegment(Fixture.SEGMENT, dir -> {
            byte[] damaged = Fixture.SEGMENT.clone();
            damaged[Fixture.THIRD_RECORD_AT + 20] ^= 1;
            Files.write(Segment.pathFor(dir, 1), damaged);
            Files.write(Segment.pathFor(dir, 4), renumbered(Fixture.SEGMENT, 4));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (Outbox outbox = Outbox.open(config(dir), new MutableClock(T0), registry)) {
                List<OutboxRecord> records = drain(outbox);
                assertThat(ids(records)).containsExactly(1L, 2L, 4L, 5L, 6L);
                assertThat(dropped(registry, "corrupt")).isEqualTo(1);
                assertThat(append(outbox, "seventh")).isEqualTo(7);
            }
        });
    }

    @Test
    void renamesASegmentWithAForeignHeaderAndNeverReusesItsIds() throws IOException {
        inDirectoryWithSegment(Fixture.SEGMENT, dir -> {
            byte[] foreign = Fixture.SEGMENT.clone();
            foreign[0] = 'X';
            Files.write(Segment.pathFor(dir, 4), foreign);
            try (Outbox outbox = open(dir)) {
                assertThat(drain(outbox)).hasSize(3);
                assertThat(append(outbox, "next")).isGreaterThan(4 + 2);
            }
            assertThat(dir.resolve(Segment.pathFor(dir, 4).getFileName() + SegmentLog.CORRUPT_SUFFIX)).exists();
        });
    }

    /** The fixture's three records re-encoded with ids from {@code baseId}, as a segment file. */
    private static byte[] renumbered(byte[] segment, long baseId) throws IOException {
        Path dir = OutboxFixtures.tempDir();
        try {
            Files.write(Segment.pathFor(dir, 1), segment);
            try (Outbox outbox = open(dir)) {
                List<OutboxRecord> records = drain(outbox);
                Segment copy = Segment.create(dir, baseId);
                for (OutboxRecord r : records) {
                    byte[] frame = RecordCodec.encode(r.kind(), r.key(), r.topic(), r.payload(), r.retained());
                    RecordCodec.stamp(frame, baseId + r.id() - 1, r.createdAtMs());
                    copy.append(frame, r.createdAtMs());
                }
                copy.close();
            }
            return Files.readAllBytes(Segment.pathFor(dir, baseId));
        } finally {
            OutboxFixtures.deleteRecursively(dir);
        }
    }
}
