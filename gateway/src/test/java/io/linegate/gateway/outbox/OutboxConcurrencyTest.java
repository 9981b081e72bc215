package io.linegate.gateway.outbox;

import io.linegate.gateway.testing.MutableClock;

import static io.linegate.gateway.outbox.OutboxFixtures.T0;
import static io.linegate.gateway.outbox.OutboxFixtures.config;
import static io.linegate.gateway.outbox.OutboxFixtures.drain;
import static io.linegate.gateway.outbox.OutboxFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that concurrent line workers and a publisher share one outbox without losing or repeating records. */
@Timeout(60)
class OutboxConcurrencyTest {

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Outbox outbox;

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        if (outbox != null) {
            outbox.close();
        }
    }

    private Outbox open(SyncPolicy sync) {
        outbox = Outbox.open(config(dir).withSizes(64 << 10, 64 << 20).withSync(sync, Duration.ofMillis(5)),
                new MutableClock(T0), new SimpleMeterRegistry());
        return outbox;
    }

    /** Starts {@code workers} threads appending {@code perWorker} records "w{worker}-{seq}" each; returns their ids. */
    private List<Future<List<Long>>> appendConcurrently(int workers, int perWorker) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String line = "w" + w;
            results.add(threads.submit(() -> {
                start.await();
                List<Long> ids = new ArrayList<>(perWorker);
                for (int seq = 0; seq < perWorker; seq++) {
                    ids.add(outbox.append("prediction", line, "t/" + line, payload(line + "-" + seq), false));
                }
                return ids;
            }));
        }
        start.countDown();
        return results;
    }

    private static Set<Long> allIds(List<Future<List<Long>>> results) throws Exception {
        Set<Long> ids = new HashSet<>();
        for (Future<List<Long>> result : results) {
            for (long id : result.get(30, TimeUnit.SECONDS)) {
                assertThat(ids.add(id)).as("id %d returned twice", id).isTrue();
            }
        }
        return ids;
    }

    @Test
    void givesConcurrentAppendsUniqueIdsAndReadsEachBackOnceInPerWorkerOrder() throws Exception {
        open(SyncPolicy.INTERVAL);
        Set<Long> ids = allIds(appendConcurrently(4, 2500));

        List<OutboxRecord> records = drain(outbox);

        assertThat(records).hasSize(10_000);
        assertThat(records.stream().map(OutboxRecord::id).toList()).doesNotHaveDuplicates().isSorted();
        assertThat(new HashSet<>(OutboxFixtures.ids(records))).isEqualTo(ids);
        Map<String, Integer> nextSeq = new HashMap<>();
        for (OutboxRecord record : records) {
            String[] lineAndSeq = OutboxFixtures.text(record).split("-");
            assertThat(record.key()).isEqualTo(lineAndSeq[0]);
            int expected = nextSeq.getOrDefault(lineAndSeq[0], 0);
            assertThat(Integer.parseInt(lineAndSeq[1])).as("order of %s", lineAndSeq[0]).isEqualTo(expected);
            nextSeq.put(lineAndSeq[0], expected + 1);
        }
    }

    @Test
    void sharesForcesAmongConcurrentAppendersWhenSyncingEveryAppend() throws Exception {
        open(SyncPolicy.EVERY_APPEND);
        Set<Long> ids = allIds(appendConcurrently(4, 150));

        assertThat(ids).hasSize(600);
        assertThat(drain(outbox)).hasSize(600);
    }

    @Test
    void handsEachRecordToAPublisherExactlyOnceWhileWorkersAppend() throws Exception {
        open(SyncPolicy.INTERVAL);
        int total = 3 * 1000;
        List<Future<List<Long>>> appended = appendConcurrently(3, 1000);
        Future<List<Long>> published = threads.submit(() -> {
            List<Long> seen = new ArrayList<>(total);
            while (seen.size() < total) {
                List<OutboxRecord> batch = outbox.peek(50);
                if (batch.isEmpty()) {
                    Thread.yield();
                }
                for (OutboxRecord record : batch) {
                    seen.add(record.id());
                    outbox.ack(record.id());
                }
            }
            return seen;
        });

        Set<Long> ids = allIds(appended);
        List<Long> seen = published.get(30, TimeUnit.SECONDS);

        assertThat(seen).doesNotHaveDuplicates().isSorted();
        assertThat(new HashSet<>(seen)).isEqualTo(ids);
        assertThat(outbox.pending()).isZero();
        assertThat(outbox.pendingBytes()).isZero();
    }
}
