package io.linegate.gateway.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link Outbox}, validated on construction.
 *
 * @param dir          directory holding the segment files, the acknowledgement checkpoint and a lock
 *                     file; created when missing; one outbox per directory
 * @param maxBytes     quota on the segment files' total size on disk, at least {@code 2 * segmentBytes}
 *                     so that dropping or deleting a whole segment can always make room
 * @param maxAge       records older than this (by the outbox clock) are dropped as expired when
 *                     {@link Outbox#peek} meets them, or when the maintenance pass finds a whole
 *                     segment expired
 * @param segmentBytes a segment is closed and a new one started before it would grow past this;
 *                     also the upper bound on one record's size. 1 KiB to 1 GiB
 * @param policy       what happens when an append would exceed {@code maxBytes}
 * @param sync         when appended records are forced to disk (the durability trade-off is on
 *                     {@link SyncPolicy})
 * @param syncInterval period of the outbox's maintenance thread: it forces the active segment
 *                     ({@link SyncPolicy#INTERVAL}), persists the acknowledgement checkpoint and
 *                     deletes acknowledged segments. After a crash at most the acknowledgements of
 *                     the last {@code syncInterval} are forgotten, so those records are re-sent
 */
public record OutboxConfig(Path dir, long maxBytes, Duration maxAge, long segmentBytes, FullPolicy policy,
        SyncPolicy sync, Duration syncInterval) {

    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    public static final long DEFAULT_SEGMENT_BYTES = 8L << 20;
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
    static final long MIN_SEGMENT_BYTES = 1L << 10;
    static final long MAX_SEGMENT_BYTES = 1L << 30;

    public OutboxConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(syncInterval, "syncInterval");
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be between " + MIN_SEGMENT_BYTES + " and "
                    + MAX_SEGMENT_BYTES + ". Found: " + segmentBytes);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be greater than 0. Found: " + maxBytes);
        }
        if (maxBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("maxBytes must be at least 2 * segmentBytes (" + 2 * segmentBytes
                    + "). Found: " + maxBytes);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be greater than 0. Found: " + maxAge);
        }
        if (syncInterval.toMillis() < 1) {
            throw new IllegalArgumentException("syncInterval must be at least 1 ms. Found: " + syncInterval);
        }
    }

    /**
     * 256 MiB quota, 7 days maximum age, 8 MiB segments, drop-oldest, force after every append,
     * maintenance every second.
     */
    public static OutboxConfig defaults(Path dir) {
        return new OutboxConfig(dir, DEFAULT_MAX_BYTES, DEFAULT_MAX_AGE, DEFAULT_SEGMENT_BYTES, FullPolicy.DROP_OLDEST,
                SyncPolicy.EVERY_APPEND, DEFAULT_SYNC_INTERVAL);
    }

    public OutboxConfig withMaxBytes(long newMaxBytes) {
        return new OutboxConfig(dir, newMaxBytes, maxAge, segmentBytes, policy, sync, syncInterval);
    }

    public OutboxConfig withMaxAge(Duration newMaxAge) {
        return new OutboxConfig(dir, maxBytes, newMaxAge, segmentBytes, policy, sync, syncInterval);
    }

    /** Segment size and quota together, since the quota must hold at least two segments. */
    public OutboxConfig withSizes(long newSegmentBytes, long newMaxBytes) {
        return new OutboxConfig(dir, newMaxBytes, maxAge, newSegmentBytes, policy, sync, syncInterval);
    }

    public OutboxConfig withPolicy(FullPolicy newPolicy) {
        return new OutboxConfig(dir, maxBytes, maxAge, segmentBytes, newPolicy, sync, syncInterval);
    }

    public OutboxConfig withSync(SyncPolicy newSync, Duration newSyncInterval) {
        return new OutboxConfig(dir, maxBytes, maxAge, segmentBytes, policy, newSync, newSyncInterval);
    }

    /** The largest record, framing included, that {@link Outbox#append} accepts. */
    public int maxRecordBytes() {
        return (int) Math.min(RecordCodec.MAX_FRAME_BYTES, segmentBytes - Segment.HEADER_BYTES);
    }
}
