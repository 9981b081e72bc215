package io.linegate.gateway.outbox;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Forces appended records to disk, sharing one fsync among concurrent appenders: whoever gets
 * the sync lock forces everything written so far, and the others find their record durable
 * already when they get it.
 *
 * <p>Called by appending threads ({@link SyncPolicy#EVERY_APPEND}) and the maintenance thread
 * ({@link SyncPolicy#INTERVAL}), concurrently; thread-safe.
 */
final class GroupCommit {

    /** The segment to force and the highest id written when it was chosen; {@code null} when closed. */
    record Target(Segment segment, long writtenId) {
    }

    private final ReentrantLock syncLock = new ReentrantLock();
    private final Supplier<Target> target;
    private volatile long durableId;
    private volatile long writtenId;

    /**
     * @param writtenId the highest id already on disk when the outbox opened
     * @param target    snapshots the active segment and the highest written id together, under
     *                  the outbox's lock; returns {@code null} once the outbox is closed
     */
    GroupCommit(long writtenId, Supplier<Target> target) {
        this.durableId = writtenId;
        this.writtenId = writtenId;
        this.target = target;
    }

    /** Notes that {@code id} was written; called under the outbox's lock. */
    void written(long id) {
        writtenId = id;
    }

    /** The highest id forced to disk. */
    long durableId() {
        return durableId;
    }

    boolean behind() {
        return writtenId > durableId;
    }

    long writtenId() {
        return writtenId;
    }

    /** Returns once every record up to {@code id} is forced to disk. */
    void forceThrough(long id) throws IOException {
        if (durableId >= id) {
            return;
        }
        syncLock.lock();
        try {
            if (durableId >= id) {
                return;
            }
            Target now = target.get();
            if (now == null) {
                return; // closing forced everything
            }
            // Older segments were forced when they were rolled; a segment closed meanwhile was
            // forced by whoever closed it, or deleted with its records.
            now.segment().force();
            durableId = Math.max(durableId, now.writtenId());
        } finally {
            syncLock.unlock();
        }
    }
}
