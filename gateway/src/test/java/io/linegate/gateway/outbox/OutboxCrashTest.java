package io.linegate.gateway.outbox;

import static io.linegate.gateway.outbox.OutboxFixtures.drain;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Verifies with real {@code kill -9}s that no record whose append returned is lost: a child JVM
 * appends and prints each returned id, the test kills it at a random point, reopens the outbox
 * and looks for every printed record. Both sync policies must pass, since the OS page cache
 * outlives a killed process.
 */
@Timeout(120)
class OutboxCrashTest {

    private static final int CYCLES = 5;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    void losesNoReturnedAppendAndReSendsNoAcknowledgedRecordAcrossKills(SyncPolicy sync) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<Long> acknowledged = new HashSet<>();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            String run = "run" + cycle;
            Map<Long, Long> printed = appendUntilKilled(sync, run, 50 + random.nextInt(1500));

            try (Outbox outbox = Outbox.open(CrashingAppender.config(dir, sync), Clock.systemUTC(),
                    new SimpleMeterRegistry())) {
                List<OutboxRecord> records = drain(outbox);
                Map<Long, OutboxRecord> byId = new HashMap<>();
                records.forEach(r -> byId.put(r.id(), r));
                for (Map.Entry<Long, Long> entry : printed.entrySet()) {
                    assertThat(byId).as("seed %d, cycle %d: id %d was printed", seed, cycle, entry.getKey())
                            .containsKey(entry.getKey());
                    assertThat(byId.get(entry.getKey()).payload())
                            .isEqualTo(CrashingAppender.payload(run, entry.getValue()));
                }
                assertThat(byId.keySet()).as("acknowledged before the kill").noneMatch(acknowledged::contains);
                records.forEach(r -> outbox.ack(r.id()));
                records.forEach(r -> acknowledged.add(r.id()));
            }
        }
    }

    /** Runs the child until it printed {@code ids} ids, kills it with SIGKILL and returns them (id to seq). */
    private Map<Long, Long> appendUntilKilled(SyncPolicy sync, String run, int ids) throws Exception {
        Path stderr = Files.createTempFile(dir.getParent(), "crashing-appender", ".err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashingAppender.class.getName(), dir.toString(), sync.name(), run)
                .redirectError(stderr.toFile())
                .start();
        Map<Long, Long> printed = new LinkedHashMap<>();
        try (BufferedReader out = child.inputReader()) {
            while (printed.size() < ids) {
                String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("child ended early: " + Files.readString(stderr));
                }
                if (line.startsWith(CrashingAppender.PREFIX)) {
                    String[] idAndSeq = line.substring(CrashingAppender.PREFIX.length()).split(" ");
                    printed.put(Long.parseLong(idAndSeq[0]), Long.parseLong(idAndSeq[1]));
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child died").isTrue();
        } finally {
            child.destroyForcibly();
            deleteQuietly(stderr);
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        return printed;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file; nothing depends on it
        }
    }
}
