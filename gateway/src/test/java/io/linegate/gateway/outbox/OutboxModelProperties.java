package io.linegate.gateway.outbox;

import io.linegate.gateway.testing.MutableClock;

import static io.linegate.gateway.outbox.OutboxFixtures.T0;
import static io.linegate.gateway.outbox.OutboxFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Verifies that any sequence of appends, peeks, acknowledgements, rewinds, maintenance passes and
 * reopens behaves like a simple in-memory model: pending = appended minus acknowledged, and peek
 * hands out pending records after the cursor in id order.
 */
class OutboxModelProperties {

    sealed interface Op permits Append, Peek, Ack, Rewind, Maintain, Reopen {
    }

    record Append(int payloadBytes) implements Op {
    }

    record Peek(int max) implements Op {
    }

    /** Acknowledges the {@code pick}-th (modulo) pending record, or an unknown id when none is pending. */
    record Ack(int pick) implements Op {
    }

    record Rewind() implements Op {
    }

    record Maintain() implements Op {
    }

    record Reopen() implements Op {
    }

    @Provide
    Arbitrary<Op> ops() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 300).map(Append::new)),
                Tuple.of(4, Arbitraries.integers().between(1, 8).map(Peek::new)),
                Tuple.of(6, Arbitraries.integers().between(0, 1000).map(Ack::new)),
                Tuple.of(1, Arbitraries.just(new Rewind())),
                Tuple.of(1, Arbitraries.just(new Maintain())),
                Tuple.of(1, Arbitraries.just(new Reopen())));
    }

    @Property(tries = 60)
    void behavesLikeTheInMemoryModel(@ForAll @Size(min = 1, max = 60) List<@From("ops") Op> ops)
            throws IOException {
        Path dir = OutboxFixtures.tempDir();
        Outbox outbox = open(dir);
        try {
            TreeMap<Long, byte[]> pending = new TreeMap<>();
            long cursor = 0;
            long lastId = 0;
            for (Op op : ops) {
                if (op instanceof Append a) {
                    byte[] payload = new byte[a.payloadBytes()];
                    Arrays.fill(payload, (byte) a.payloadBytes());
                    long id = outbox.append("prediction", "L1", "t", payload, false);
                    assertThat(id).isGreaterThan(lastId);
                    lastId = id;
                    pending.put(id, payload);
                } else if (op instanceof Peek p) {
                    List<OutboxRecord> got = outbox.peek(p.max());
                    List<Long> expected = pending.tailMap(cursor, true).keySet().stream().limit(p.max()).toList();
                    assertThat(OutboxFixtures.ids(got)).isEqualTo(expected);
                    for (OutboxRecord r : got) {
                        assertThat(r.payload()).isEqualTo(pending.get(r.id()));
                    }
                    if (!expected.isEmpty()) {
                        cursor = expected.get(expected.size() - 1) + 1;
                    }
                } else if (op instanceof Ack a) {
                    List<Long> ids = new ArrayList<>(pending.keySet());
                    long id = ids.isEmpty() ? lastId + 1 + a.pick() : ids.get(a.pick() % ids.size());
                    outbox.ack(id);
                    pending.remove(id);
                } else if (op instanceof Rewind) {
                    outbox.rewind();
                    cursor = 0;
                } else if (op instanceof Maintain) {
                    outbox.maintain();
                } else {
                    outbox.close();
                    outbox = open(dir);
                    cursor = 0;
                }
                assertThat(outbox.pending()).as("after %s", op).isEqualTo(pending.size());
                assertThat(outbox.pendingBytes()).isEqualTo(framedBytes(pending));
            }
        } finally {
            outbox.close();
            OutboxFixtures.deleteRecursively(dir);
        }
    }

    private static Outbox open(Path dir) {
        return Outbox.open(config(dir), new MutableClock(T0), new SimpleMeterRegistry());
    }

    private static long framedBytes(Map<Long, byte[]> pending) {
        return pending.values().stream()
                .mapToLong(p -> RecordCodec.encode("prediction", "L1", "t", p, false).length).sum();
    }
}
