package io.linegate.gateway.outbox;

import io.linegate.gateway.outbox.OutboxMeters.DropReason;
import java.io.IOException;
import java.util.List;

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
            meters.dropped(DropReason.FULL, acks.removeAll(oldest));
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
            meters.dropped(DropReason.EXPIRED, acks.removeAll(segment));
            if (segment != segments.active()) {
                segments.delete(segment);
            }
        }
    }

    /** Deletes the oldest segments while every record in them is acknowledged (or dropped). */
    void deleteAcknowledgedSegments() throws IOException {
        while (segments.oldest() != segments.active() && segments.oldest().lastId() < acks.watermark()) {
            segments.delete(segments.oldest());
        }
    }
}
