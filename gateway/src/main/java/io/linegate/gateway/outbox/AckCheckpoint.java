package io.linegate.gateway.outbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persisted acknowledgement state: every id below {@code watermark} is acknowledged (or
 * dropped), and so are the ids in {@code ackedAbove}, which were acknowledged out of order.
 *
 * <p>File {@code acks} in the outbox directory, replaced atomically (write {@code acks.tmp},
 * force, rename, force the directory), so a crash leaves either the old or the new checkpoint:
 *
 * <pre>
 * "LGAK":int32  version:int32  watermark:int64  n:int32  ackedAbove:int64[n]  crc32c:int32
 * </pre>
 *
 * <p>Written only by the outbox's maintenance thread, and by {@link Outbox#close()} after that
 * thread has stopped.
 *
 * @param watermark  every id below it is acknowledged or dropped
 * @param ackedAbove acknowledged ids at or above the watermark, ascending, at most {@link #MAX_ACKED_ABOVE}
 */
record AckCheckpoint(long watermark, List<Long> ackedAbove) {

    /** Out-of-order acknowledgements kept beyond this many are forgotten (re-sent after a crash). */
    static final int MAX_ACKED_ABOVE = 4096;
    static final String FILE = "acks";
    static final AckCheckpoint NONE = new AckCheckpoint(0, List.of());
    private static final Logger log = LoggerFactory.getLogger(AckCheckpoint.class);
    private static final int MAGIC = 0x4C47414B;
    private static final int VERSION = 1;
    private static final int FIXED_BYTES = 4 + 4 + 8 + 4 + 4;

    AckCheckpoint {
        if (watermark < 0) {
            throw new IllegalArgumentException("watermark must be at least 0. Found: " + watermark);
        }
        ackedAbove = List.copyOf(ackedAbove);
        if (ackedAbove.size() > MAX_ACKED_ABOVE) {
            throw new IllegalArgumentException("ackedAbove must hold at most " + MAX_ACKED_ABOVE + " ids. Found: "
                    + ackedAbove.size());
        }
    }

    /** Reads the checkpoint of {@code dir}; {@link #NONE} when there is none or it does not check out. */
    static AckCheckpoint read(Path dir) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return NONE;
        }
        AckCheckpoint checkpoint = decode(bytes);
        if (checkpoint == null) {
            log.warn("Outbox acknowledgement checkpoint {} is damaged; acknowledged records still stored"
                    + " will be re-sent", dir.resolve(FILE));
            return NONE;
        }
        return checkpoint;
    }

    private static AckCheckpoint decode(byte[] bytes) {
        if (bytes.length < FIXED_BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != MAGIC || b.getInt() != VERSION) {
            return null;
        }
        long watermark = b.getLong();
        int n = b.getInt();
        if (watermark < 0 || n < 0 || n > MAX_ACKED_ABOVE || bytes.length != FIXED_BYTES + 8L * n
                || b.getInt(bytes.length - 4) != RecordCodec.crc(bytes, 0, bytes.length - 4)) {
            return null;
        }
        Long[] ids = new Long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = b.getLong();
        }
        return new AckCheckpoint(watermark, List.of(ids));
    }

    /** Replaces the checkpoint of {@code dir} with this one, durably. */
    void write(Path dir) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + 8 * ackedAbove.size());
        b.putInt(MAGIC).putInt(VERSION).putLong(watermark).putInt(ackedAbove.size());
        ackedAbove.forEach(b::putLong);
        b.putInt(RecordCodec.crc(b.array(), 0, b.position()));
        Path tmp = dir.resolve(FILE + ".tmp");
        try (RandomAccessFile file = new RandomAccessFile(tmp.toFile(), "rw")) {
            file.setLength(0);
            file.write(b.array());
            file.getFD().sync();
        }
        try {
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        SegmentLog.forceDirectory(dir);
    }
}
