package io.linegate.gateway.outbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes {@link AckCheckpoint}s in the order their snapshots were taken, skipping unchanged ones.
 * Snapshots are taken under the outbox's lock, but written outside it so that acknowledgements
 * never wait for an fsync; the sequence number keeps a slow older write from replacing a newer
 * checkpoint.
 *
 * <p>{@link #nextSequence()} is called under the outbox's lock; {@link #write} by the maintenance
 * thread and by {@link Outbox#close()}; thread-safe.
 */
final class CheckpointWriter {

    private final Path dir;
    private long taken;
    private long written;
    private AckCheckpoint last;

    CheckpointWriter(Path dir, AckCheckpoint onDisk) {
        this.dir = dir;
        this.last = onDisk;
    }

    synchronized long nextSequence() {
        return ++taken;
    }

    /** Writes the snapshot numbered {@code sequence} unless it is unchanged or a later one was written. */
    synchronized void write(AckCheckpoint checkpoint, long sequence) throws IOException {
        if (sequence > written && !checkpoint.equals(last)) {
            checkpoint.write(dir);
            last = checkpoint;
        }
        written = Math.max(written, sequence);
    }
}
