package io.linegate.gateway.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable state of lines under {@code storage.dir/lines}, so a restarted gateway resumes each
 * line's model and {@code seq} instead of relearning from zero.
 *
 * <p>Per line, a <b>checkpoint</b> ({@code <line>.ckpt}: the model's bytes and the last seq
 * they include, written to a temporary file, forced and renamed over the old one) and a
 * <b>journal</b> ({@code <line>.journal}) with one CRC-checked record per closed window since
 * that checkpoint: its seq, and the features and target when the model learned from it. A
 * restart loads the checkpoint and re-learns the journal: the QR updates are deterministic, so
 * the model comes back bit for bit as it was after the last journaled window. Journal
 * records are written (not forced) as windows close, so they survive {@code kill -9} of the
 * process; a torn last record is ignored and cut off. What is lost on a crash: the readings of
 * windows still open at that moment. On power loss the unforced journal tail can be lost too,
 * and with it the windows since the last checkpoint (their predictions may already be in the
 * outbox, so a seq can then repeat); {@code storage.checkpointInterval} bounds that window.
 *
 * <p>Threads: a line's files are touched only by the line worker that owns the line. Line ids
 * ({@code [A-Za-z0-9_.-]}) are safe file names once a suffix is added.
 */
final class LineStore {

    private static final Logger log = LoggerFactory.getLogger(LineStore.class);
    private static final int CHECKPOINT_MAGIC = 0x4C47434B; // "LGCK"
    private static final int JOURNAL_MAGIC = 0x4C474A52; // "LGJR"
    private static final int MAX_FEATURES = 100_000;

    private final Path dir;

    LineStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** What a line left behind: the last checkpoint (if any) and the windows journaled after it. */
    record Saved(long checkpointSeq, byte[] model, List<JournalEntry> journal, long journalBytes) {

        /** The highest seq the line had used, 0 for a new line. */
        long lastSeq() {
            return journal.isEmpty() ? checkpointSeq : Math.max(checkpointSeq, journal.get(journal.size() - 1).seq());
        }
    }

    /** One closed window: its seq, and what the model learned from it (null features when it learned nothing). */
    record JournalEntry(long seq, double[] features, double target) {
    }

    /** Reads what {@code lineId} left behind; an empty {@link Saved} for a new line. */
    Saved load(String lineId) throws IOException {
        long checkpointSeq = 0;
        byte[] model = null;
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(checkpoint(lineId)));
            if (b.remaining() >= 12 && b.getInt() == CHECKPOINT_MAGIC) {
                // The seq comes first so that even a damaged model never lets a seq be used twice.
                checkpointSeq = b.getLong();
                model = readModel(b);
            }
            if (model == null) {
                log.warn("Line checkpoint damaged; the model relearns, seq continues line={} seq={}", lineId,
                        checkpointSeq);
            }
        } catch (NoSuchFileException absent) {
            // a new line, or one that never reached its first checkpoint
        }
        List<JournalEntry> entries = new ArrayList<>();
        long validBytes = 0;
        try (InputStream in = Files.newInputStream(journal(lineId))) {
            DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in));
            while (true) {
                JournalEntry e = readEntry(data);
                if (e == null) {
                    break;
                }
                validBytes += entryBytes(e.features() == null ? -1 : e.features().length);
                if (e.seq() > checkpointSeq) {
                    entries.add(e);
                }
            }
        } catch (NoSuchFileException absent) {
            // nothing journaled
        }
        return new Saved(checkpointSeq, model, entries, validBytes);
    }

    private static byte[] readModel(ByteBuffer b) {
        if (b.remaining() < 8) {
            return null;
        }
        int length = b.getInt();
        if (length < 0 || length != b.remaining() - 4) {
            return null;
        }
        byte[] model = new byte[length];
        b.get(model);
        CRC32C crc = new CRC32C();
        crc.update(model);
        return (int) crc.getValue() == b.getInt() ? model : null;
    }

    private static int entryBytes(int features) {
        return 4 + 12 + 8 * (Math.max(features, 0) + 1) + 4;
    }

    /** Reads one journal record; null at the end or at a torn or corrupt tail. */
    private static JournalEntry readEntry(DataInputStream in) throws IOException {
        try {
            if (in.readInt() != JOURNAL_MAGIC) {
                return null;
            }
            long seq = in.readLong();
            int n = in.readInt();
            if (n < -1 || n > MAX_FEATURES) {
                return null;
            }
            CRC32C crc = new CRC32C();
            ByteBuffer head = ByteBuffer.allocate(12).putLong(seq).putInt(n);
            crc.update(head.array());
            double[] x = n < 0 ? null : new double[n];
            ByteBuffer body = ByteBuffer.allocate(8 * (Math.max(n, 0) + 1));
            in.readFully(body.array());
            crc.update(body.array());
            if ((int) crc.getValue() != in.readInt()) {
                return null;
            }
            for (int i = 0; i < Math.max(n, 0); i++) {
                x[i] = body.getDouble();
            }
            double target = body.getDouble();
            return new JournalEntry(seq, x, target);
        } catch (EOFException torn) {
            return null;
        }
    }

    /**
     * Opens the journal of a line for appending, after cutting off whatever follows its last
     * good record (a torn or corrupt tail would otherwise hide every record written after it).
     * The caller owns and closes it.
     */
    Journal openJournal(String lineId, long validBytes) throws IOException {
        Path path = journal(lineId);
        if (Files.exists(path) && Files.size(path) > validBytes) {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.truncate(validBytes);
            }
        }
        return new Journal(path);
    }

    /**
     * Writes a checkpoint of {@code lineId}: the model after every window up to {@code seq},
     * then empties its journal (whose entries up to {@code seq} it now contains).
     */
    void checkpoint(String lineId, long seq, byte[] model, Journal journal) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(model.length + 20);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(CHECKPOINT_MAGIC);
        out.writeLong(seq);
        out.writeInt(model.length);
        out.write(model);
        CRC32C crc = new CRC32C();
        crc.update(model);
        out.writeInt((int) crc.getValue());
        Path tmp = dir.resolve(lineId + ".ckpt.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes.toByteArray()));
            ch.force(true);
        }
        Files.move(tmp, checkpoint(lineId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        journal.truncate();
    }

    /** Makes the rename durable before the journal it replaces is emptied. */
    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot force a directory; the rename is still atomic.
        }
    }

    private Path checkpoint(String lineId) {
        return dir.resolve(lineId + ".ckpt");
    }

    private Path journal(String lineId) {
        return dir.resolve(lineId + ".journal");
    }

    /**
     * The journal of one line. Owned by the line's worker. Holds no file open between writes
     * (each append opens, writes and closes), so ten thousand lines do not need ten thousand
     * file descriptors; a window closes about once a second per line, so the cost is small.
     */
    static final class Journal implements AutoCloseable {
        private final Path path;

        private Journal(Path path) {
            this.path = path;
        }

        /** Appends one closed window; {@code features} null when the model learned nothing from it. */
        void append(long seq, double[] features, double target) throws IOException {
            int n = features == null ? -1 : features.length;
            ByteBuffer b = ByteBuffer.allocate(entryBytes(n));
            b.putInt(JOURNAL_MAGIC).putLong(seq).putInt(n);
            for (int i = 0; i < Math.max(n, 0); i++) {
                b.putDouble(features[i]);
            }
            b.putDouble(target);
            CRC32C crc = new CRC32C();
            crc.update(b.array(), 4, b.position() - 4);
            b.putInt((int) crc.getValue());
            b.flip();
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        }

        void truncate() throws IOException {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
        }

        @Override
        public void close() {
            // nothing is held open
        }
    }
}
