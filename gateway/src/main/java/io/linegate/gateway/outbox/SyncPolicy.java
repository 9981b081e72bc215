package io.linegate.gateway.outbox;

/**
 * When appended records are forced from the OS page cache to the disk.
 *
 * <p>Both policies survive {@code kill -9} of the gateway without losing a record whose
 * {@link Outbox#append} returned: by then the record has been handed to the kernel with
 * {@code write()}, and the kernel's page cache outlives the process. They differ on power loss
 * or a kernel crash, where only what was forced is certain to be on disk.
 */
public enum SyncPolicy {
    /**
     * {@code append} returns only after {@code FileChannel.force} (fdatasync) of the record's
     * segment, so a returned record also survives power loss (provided the disk honours cache
     * flushes). Costs one fsync per append; concurrent appenders share one fsync (group commit).
     */
    EVERY_APPEND,
    /**
     * {@code append} returns after {@code write()}; a background thread forces the active segment
     * at most every {@code syncInterval} when something was written. Power loss may lose the
     * records appended during the last {@code syncInterval} (the torn tail is cut off on the next
     * open); {@code kill -9} loses nothing.
     */
    INTERVAL
}
