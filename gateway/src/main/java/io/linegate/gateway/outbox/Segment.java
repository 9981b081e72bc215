package io.linegate.gateway.outbox;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.SyncFailedException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One segment file: a 16-byte header ({@code "LGOB"}, format version, base id) followed by
 * record frames ({@link RecordCodec}) whose ids are consecutive from the base id. The file is
 * named after its base id, zero-padded so names sort like ids.
 *
 * <p>Keeps the offset of every record in memory (4 bytes a record) so a record is read with one
 * positional read. Uses {@link RandomAccessFile} rather than {@code FileChannel} on purpose: a
 * {@code FileChannel} is closed for everyone when a thread using it is interrupted, and line
 * workers are interrupted on shutdown.
 *
 * <p>Not thread-safe: owned by {@link SegmentLog} and used under the outbox's lock, except
 * {@link #force()}, which any thread may call concurrently with appends.
 */
final class Segment {

    static final int HEADER_BYTES = 16;
    static final String SUFFIX = ".seg";
    private static final int MAGIC = 0x4C474F42;
    private static final int VERSION = 1;

    private final Path path;
    private final long baseId;
    private final RandomAccessFile file;
    private volatile boolean closed;
    private int[] offsets = new int[64];
    private int count;
    private long size;
    private long maxCreatedAtMs = Long.MIN_VALUE;

    private Segment(Path path, long baseId, RandomAccessFile file) {
        this.path = path;
        this.baseId = baseId;
        this.file = file;
        this.size = HEADER_BYTES;
    }

    static Path pathFor(Path dir, long baseId) {
        return dir.resolve(String.format("%020d%s", baseId, SUFFIX));
    }

    /** The base id encoded in a segment file name, or -1 when the name is not a segment's. */
    static long baseIdOf(Path file) {
        String name = file.getFileName().toString();
        if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(name.substring(0, 20));
    }

    /** Creates a new, empty segment file. The caller forces the directory if it needs to. */
    static Segment create(Path dir, long baseId) throws IOException {
        Path path = pathFor(dir, baseId);
        Files.createFile(path);
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        try {
            file.write(header(baseId));
        } catch (IOException e) {
            file.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return new Segment(path, baseId, file);
    }

    /**
     * Opens an existing segment file and reads every record frame that checks out, stopping at
     * the first that does not. Does not change the file; the caller decides whether to
     * {@link #truncateToValid()}.
     */
    static SegmentScan scan(Path path, long baseId) throws IOException {
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        long fileBytes = file.length();
        byte[] header = new byte[HEADER_BYTES];
        if (fileBytes >= HEADER_BYTES) {
            file.readFully(header);
        }
        if (!Arrays.equals(header, header(baseId))) {
            file.close();
            String reason = fileBytes < HEADER_BYTES ? "header torn at " + fileBytes + " bytes"
                    : "not an outbox segment header for base id " + baseId;
            return SegmentScan.badHeader(path, baseId, fileBytes, reason);
        }
        Segment segment = new Segment(path, baseId, file);
        String tornReason = segment.readFrames(new ChunkReader(file, fileBytes));
        return SegmentScan.opened(segment, fileBytes, tornReason);
    }

    private String readFrames(ChunkReader in) throws IOException {
        while (size < in.fileBytes()) {
            if (in.fileBytes() - size < RecordCodec.FRAME_HEADER_BYTES) {
                return "frame header torn at offset " + size;
            }
            ByteBuffer frameHeader = in.read(size, RecordCodec.FRAME_HEADER_BYTES);
            int bodyLength = frameHeader.getInt();
            int crc = frameHeader.getInt();
            if (!RecordCodec.plausibleBodyLength(bodyLength)) {
                return "implausible body length " + bodyLength + " at offset " + size;
            }
            if (size + RecordCodec.FRAME_HEADER_BYTES + bodyLength > in.fileBytes()) {
                return "frame at offset " + size + " ends past the end of the file";
            }
            ByteBuffer body = in.read(size + RecordCodec.FRAME_HEADER_BYTES, bodyLength);
            if (!RecordCodec.validBody(body.array(), body.position(), bodyLength, crc)) {
                return "CRC or field lengths do not check out at offset " + size;
            }
            long id = RecordCodec.bodyId(body.array(), body.position());
            if (id != nextId()) {
                return "record id " + id + " where " + nextId() + " was expected at offset " + size;
            }
            addFrame(bodyLength + RecordCodec.FRAME_HEADER_BYTES,
                    RecordCodec.bodyCreatedAtMs(body.array(), body.position()));
        }
        return null;
    }

    /** Appends a stamped frame at the end. On failure the file is cut back to its last record. */
    void append(byte[] frame, long createdAtMs) throws IOException {
        try {
            file.seek(size);
            file.write(frame);
        } catch (IOException e) {
            try {
                file.setLength(size);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        addFrame(frame.length, createdAtMs);
    }

    private void addFrame(int frameBytes, long createdAtMs) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = (int) size;
        size += frameBytes;
        maxCreatedAtMs = Math.max(maxCreatedAtMs, createdAtMs);
    }

    /**
     * Reads record {@code id} back, or returns {@code null} when its bytes no longer check out
     * (the file changed under the outbox since it was scanned).
     *
     * @throws IOException when the read fails
     */
    OutboxRecord read(long id) throws IOException {
        int index = index(id);
        byte[] frame = new byte[recordBytes(id)];
        try {
            file.seek(offsets[index]);
            file.readFully(frame);
        } catch (EOFException e) {
            return null;
        }
        OutboxRecord record = RecordCodec.decodeFrame(frame);
        return record != null && record.id() == id ? record : null;
    }

    /** Cuts the file after the last record that checked out, and forces the cut to disk. */
    void truncateToValid() throws IOException {
        file.setLength(size);
        file.getFD().sync();
    }

    /**
     * Forces written records to disk; any thread may call it.
     *
     * @return false when the segment had been closed already: it was forced before it was closed
     *         ({@link SegmentLog#roll}, {@link SegmentLog#close}) or deleted with its records
     */
    boolean force() throws IOException {
        if (closed) {
            return false;
        }
        try {
            file.getFD().sync();
            return true;
        } catch (SyncFailedException e) {
            if (closed) {
                return false;
            }
            throw e;
        }
    }

    void close() throws IOException {
        closed = true;
        file.close();
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    boolean contains(long id) {
        return id >= baseId && id < baseId + count;
    }

    int recordBytes(long id) {
        int index = index(id);
        long end = index + 1 < count ? offsets[index + 1] : size;
        return (int) (end - offsets[index]);
    }

    private int index(long id) {
        if (!contains(id)) {
            throw new IllegalArgumentException("id " + id + " is not in segment " + baseId + ".." + lastId());
        }
        return (int) (id - baseId);
    }

    Path path() {
        return path;
    }

    long baseId() {
        return baseId;
    }

    int count() {
        return count;
    }

    long lastId() {
        return baseId + count - 1;
    }

    long nextId() {
        return baseId + count;
    }

    /** Bytes on disk: header plus the records that checked out. */
    long size() {
        return size;
    }

    /** The newest creation time of any record, {@code Long.MIN_VALUE} when empty. */
    long maxCreatedAtMs() {
        return maxCreatedAtMs;
    }

    private static byte[] header(long baseId) {
        return ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putLong(baseId).array();
    }
}
