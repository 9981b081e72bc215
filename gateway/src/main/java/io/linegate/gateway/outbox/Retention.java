package io.linegate.gateway.outbox;

import io.linegate.gateway.outbox.OutboxMeters.DropReason;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What stays on disk: deletes acknowledged segments, applies the {@link FullPolicy} when an append
 * would exceed the quota, and expires records older than {@code maxAge}: whole segments whose
 * newest record is too old (on every peek and maintenance pass), and single records when
 * {@link Outbox#peek} meets them. Counts exactly the pending records it drops. A record dropped
 * while in flight is counted as dropped even if its acknowledgement arrives later.
 *
 * <p>Owned by one {@link Outbox}; every method runs under the outbox's lock.
 */
final class Retention {

    private final OutboxConfig config;
    private final SegmentLog segments;
    private final AckTracker acks;
    private final OutboxMeters meters;

    Retention(OutboxConfig config, SegmentLog segments, AckTracker acks, OutboxMeters meters) {
        this.config = config;
        this.segments = segments;
        this.acks = acks;
        this.meters = meters;
    }

    /**
     * Frees space until {@code frameBytes} more fit under the quota: first acknowledged
     * segments, then, under {@code DROP_OLDEST}, the oldest segment with its pending records.
     *
     * @return false when the record does not fit ({@code REJECT_NEW}); the caller counts the rejection
     */
    boolean makeRoom(int frameBytes) throws IOException {
        deleteAcknowledgedSegments();
        while (segments.diskBytes() + frameBytes > config.maxBytes()) {
            Segment oldest = segments.oldest();
            // The active segment is never the oldest here while maxBytes >= 2 * segmentBytes (config).
            if (oldest == segments.active() || config.policy() == FullPolicy.REJECT_NEW) {
                return false;
            }
            dropPending(oldest, DropReason.FULL);
            segments.delete(oldest);
            deleteAcknowledgedSegments();
        }
        return true;
    }

    /**
     * Drops the pending records of the oldest segments whose newest record is older than
     * {@code maxAge}, and deletes those segments unless one is the active segment.
     */
    void expireSegments(long nowMs) throws IOException {
        long oldestAllowedMs = nowMs - config.maxAge().toMillis();
        for (Segment segment : List.copyOf(segments.all())) {
            if (segment.count() == 0) {
                continue;
            }
            if (segment.maxCreatedAtMs() >= oldestAllowedMs) {
                return;
            }
            dropPending(segment, DropReason.EXPIRED);
            if (segment != segments.active()) {
                segments.delete(segment);
            }
        }
    }

    /**
     * Drops every pending record of {@code segment}, counted by kind. Reads each record's kind back
     * from the file (only when records are dropped, which a healthy outbox never does).
     */
    private void dropPending(Segment segment, DropReason reason) throws IOException {
        Map<String, Long> byKind = new TreeMap<>();
        for (long id = acks.nextPending(segment.baseId()); id <= segment.lastId(); id = acks.nextPending(id + 1)) {
            OutboxRecord record = segment.read(id);
            byKind.merge(record == null ? OutboxMeters.UNKNOWN_KIND : record.kind(), 1L, Long::sum);
        }
        long removed = acks.removeAll(segment);
        long read = byKind.values().stream().mapToLong(Long::longValue).sum();
        if (removed != read) {
            // Cannot happen under the outbox's lock; never lose a count if it does.
            byKind.merge(OutboxMeters.UNKNOWN_KIND, removed - read, Long::sum);
        }
        meters.dropped(reason, byKind);
    }

    /** Deletes the oldest segments while every record in them is acknowledged (or dropped). */
    void deleteAcknowledgedSegments() throws IOException {
        while (segments.oldest() != segments.active() && segments.oldest().lastId() < acks.watermark()) {
            segments.delete(segments.oldest());
        }
    }
}
