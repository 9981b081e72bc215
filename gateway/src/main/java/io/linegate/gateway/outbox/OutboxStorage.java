package io.linegate.gateway.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one outbox directory, held open: the directory lock, the segments, and the
 * acknowledgement checkpoint found on open. Owned by one {@link Outbox}.
 *
 * @param lock       the directory lock, held until {@link #close()}
 * @param segments   the scanned segments, torn tails cut off
 * @param checkpoint the acknowledgement checkpoint read on open, {@link AckCheckpoint#NONE} when none
 */
record OutboxStorage(DirectoryLock lock, SegmentLog segments, AckCheckpoint checkpoint) {

    /**
     * Creates the directory if needed, locks it, reads the checkpoint and scans the segments.
     * Releases what it took when it fails.
     *
     * @throws IllegalStateException when another outbox holds the directory
     */
    static OutboxStorage open(Path dir) throws IOException {
        Files.createDirectories(dir);
        DirectoryLock lock = DirectoryLock.acquire(dir);
        try {
            AckCheckpoint checkpoint = AckCheckpoint.read(dir);
            return new OutboxStorage(lock, SegmentLog.open(dir, Math.max(checkpoint.watermark(), 1)), checkpoint);
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Closes the segments (forcing the active one), then releases the directory.
     *
     * @return the first failure, with later ones suppressed in it, or {@code null}
     */
    IOException close() {
        IOException failure = null;
        try {
            segments.close();
        } catch (IOException e) {
            failure = e;
        }
        try {
            lock.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }
}
