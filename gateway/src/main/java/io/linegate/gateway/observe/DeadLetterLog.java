package io.linegate.gateway.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The most recent dead letters (rejected input samples), newest last, for {@code
 * /api/deadletters}. A bounded ring: the oldest entry goes when a new one comes.
 *
 * <p>Thread-safe: written by whoever rejects input (transport threads, line workers) under a
 * lock held only to store or copy a reference; read by the HTTP event loops.
 */
public final class DeadLetterLog {

    /** Longest sample kept, in characters of its escaped rendering. */
    public static final int SAMPLE_CHARS = 256;
    public static final int DEFAULT_CAPACITY = 100;

    /**
     * One rejected message or reading. {@code topic}, {@code sample} and {@code detail} come from
     * outside: they are escaped renderings (printable ASCII), but may still hold markup.
     *
     * @param atMs   when it was rejected, epoch ms
     * @param reason the {@code RejectReason}
     * @param source {@code mqtt} or {@code coap}
     * @param topic  topic or path it came on
     * @param size   payload bytes (0 for a single reading)
     * @param sample the payload's first bytes, at most {@link #SAMPLE_CHARS} characters
     * @param detail why, in words
     */
    public record Entry(long atMs, String reason, String source, String topic, int size, String sample,
                       String detail) {

        public Entry {
            Objects.requireNonNull(reason, "reason");
            source = source == null ? "" : source;
            topic = topic == null ? "" : topic;
            sample = sample == null ? "" : cut(sample);
            detail = detail == null ? "" : cut(detail);
        }

        private static String cut(String s) {
            return s.length() <= SAMPLE_CHARS ? s : s.substring(0, SAMPLE_CHARS - 3) + "...";
        }
    }

    private final Entry[] ring;
    private long written;

    public DeadLetterLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be greater than 0. Found: " + capacity);
        }
        this.ring = new Entry[capacity];
    }

    public synchronized void add(Entry entry) {
        ring[(int) (written++ % ring.length)] = Objects.requireNonNull(entry, "entry");
    }

    /** The kept entries, oldest first. */
    public synchronized List<Entry> recent() {
        int n = (int) Math.min(written, ring.length);
        List<Entry> out = new ArrayList<>(n);
        for (long i = written - n; i < written; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }

    /** Dead letters added in this log's life (more than it keeps). */
    public synchronized long total() {
        return written;
    }
}
