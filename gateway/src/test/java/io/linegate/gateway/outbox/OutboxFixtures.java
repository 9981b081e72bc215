package io.linegate.gateway.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Shared set-up for the outbox tests. */
final class OutboxFixtures {

    static final long T0 = 1_764_340_000_000L;

    private OutboxFixtures() {
    }

    /** Small segments, a roomy quota, no expiry in practice, a maintenance period no test waits for. */
    static OutboxConfig config(Path dir) {
        return new OutboxConfig(dir, 1 << 20, Duration.ofDays(7), 1024, FullPolicy.DROP_OLDEST,
                SyncPolicy.INTERVAL, Duration.ofHours(1));
    }

    static byte[] payload(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(OutboxRecord record) {
        return new String(record.payload(), StandardCharsets.UTF_8);
    }

    /** Appends a prediction for line L1 whose payload is {@code text}. */
    static long append(Outbox outbox, String text) {
        return outbox.append("prediction", "L1", "linegate/gw/lines/L1/predictions", payload(text), false);
    }

    /** Every pending record, from the oldest, leaving the cursor at the end. */
    static List<OutboxRecord> drain(Outbox outbox) {
        List<OutboxRecord> all = new ArrayList<>();
        for (List<OutboxRecord> batch = outbox.peek(100); !batch.isEmpty(); batch = outbox.peek(100)) {
            all.addAll(batch);
        }
        return all;
    }

    static List<Long> ids(List<OutboxRecord> records) {
        return records.stream().map(OutboxRecord::id).toList();
    }

    /** Records dropped for {@code reason}, all kinds together; 0 when none was. */
    static double dropped(MeterRegistry registry, String reason) {
        return registry.find("linegate.outbox.dropped").tag("reason", reason).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Records of {@code kind} dropped for {@code reason}; 0 when none was. */
    static double dropped(MeterRegistry registry, String reason, String kind) {
        return registry.find("linegate.outbox.dropped").tag("reason", reason).tag("kind", kind).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    static List<Path> segmentFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(Segment.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long segmentBytesOnDisk(Path dir) {
        return segmentFiles(dir).stream().mapToLong(f -> f.toFile().length()).sum();
    }

    /** What {@code kill -9} would leave: a copy of the files as they are now, lock file excluded. */
    static Path copyAsIfCrashed(Path dir, Path into) {
        try (Stream<Path> files = Files.list(dir)) {
            Files.createDirectories(into);
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(DirectoryLock.FILE)) {
                    Files.copy(file, into.resolve(file.getFileName()));
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("outbox-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
