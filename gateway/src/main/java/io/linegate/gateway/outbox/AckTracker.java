package io.linegate.gateway.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Which stored records are still pending. A record stops being pending when it is acknowledged,
 * dropped (quota) or expired; all three are "removed" here. The state is a watermark, below which
 * every id is removed, plus the set of removed ids above it (out-of-order acknowledgements).
 *
 * <p>Owned by one {@link Outbox} and used under its lock; the pending counters are volatile so
 * gauges and {@link Outbox#pending()} may read them from any thread.
 */
final class AckTracker {

    private final SegmentLog segments;
    private final NavigableSet<Long> removedAbove = new TreeSet<>();
    private long watermark;
    private volatile long pendingRecords;
    private volatile long pendingBytes;

    AckTracker(SegmentLog segments, AckCheckpoint checkpoint) {
        this.segments = segments;
        this.watermark = Math.max(checkpoint.watermark(), segments.firstId());
        for (long id : checkpoint.ackedAbove()) {
            if (id > watermark && segments.segmentFor(id) != null) {
                removedAbove.add(id);
            }
        }
        advance();
        long records = 0;
        long bytes = 0;
        for (Segment segment : segments.all()) {
            for (long id = Math.max(segment.baseId(), watermark); id <= segment.lastId(); id++) {
                if (!removedAbove.contains(id)) {
                    records++;
                    bytes += segment.recordBytes(id);
                }
            }
        }
        pendingRecords = records;
        pendingBytes = bytes;
    }

    /** Every id below it has been acknowledged, dropped or expired. */
    long watermark() {
        return watermark;
    }

    long pendingRecords() {
        return pendingRecords;
    }

    long pendingBytes() {
        return pendingBytes;
    }

    void appended(int frameBytes) {
        pendingRecords++;
        pendingBytes += frameBytes;
    }

    boolean isPending(long id) {
        return id >= watermark && id < segments.nextId() && !removedAbove.contains(id)
                && segments.segmentFor(id) != null;
    }

    /** Marks a pending record removed; returns false when it was not pending (unknown, or removed already). */
    boolean remove(long id) {
        if (!isPending(id)) {
            return false;
        }
        pendingRecords--;
        pendingBytes -= segments.segmentFor(id).recordBytes(id);
        if (id == watermark) {
            watermark++;
            advance();
        } else {
            removedAbove.add(id);
        }
        return true;
    }

    /** Removes every pending record of a segment and returns how many there were. */
    long removeAll(Segment segment) {
        long removed = 0;
        for (long id = Math.max(segment.baseId(), watermark); id <= segment.lastId(); id++) {
            if (remove(id)) {
                removed++;
            }
        }
        return removed;
    }

    /** The smallest pending id at or after {@code from}, or the next id to be appended when none is. */
    long nextPending(long from) {
        long end = segments.nextId();
        long id = Math.max(from, watermark);
        while (id < end) {
            if (removedAbove.contains(id)) {
                id++;
            } else if (segments.segmentFor(id) == null) {
                id = segments.nextBaseAfter(id);
            } else {
                return id;
            }
        }
        return end;
    }

    /** The state to persist: the watermark and the lowest out-of-order acknowledgements above it. */
    AckCheckpoint snapshot() {
        List<Long> above = new ArrayList<>(Math.min(removedAbove.size(), AckCheckpoint.MAX_ACKED_ABOVE));
        for (Long id : removedAbove) {
            if (above.size() == AckCheckpoint.MAX_ACKED_ABOVE) {
                break;
            }
            above.add(id);
        }
        return new AckCheckpoint(watermark, above);
    }

    private void advance() {
        long end = segments.nextId();
        while (watermark < end) {
            if (removedAbove.remove(watermark)) {
                watermark++;
            } else if (segments.segmentFor(watermark) == null) {
                watermark = segments.nextBaseAfter(watermark);
                removedAbove.headSet(watermark).clear();
            } else {
                return;
            }
        }
    }
}
