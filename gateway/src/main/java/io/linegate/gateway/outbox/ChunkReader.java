package io.linegate.gateway.outbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;

/**
 * Sequential reads of a segment file in 64 KiB chunks, so that scanning a segment on open costs
 * one read per chunk rather than two per record. Used by one thread during open only.
 */
final class ChunkReader {

    private static final int CHUNK_BYTES = 64 << 10;

    private final RandomAccessFile file;
    private final long fileBytes;
    private byte[] buffer = new byte[CHUNK_BYTES];
    private long bufferStart;
    private int bufferLength;

    ChunkReader(RandomAccessFile file, long fileBytes) {
        this.file = file;
        this.fileBytes = fileBytes;
    }

    long fileBytes() {
        return fileBytes;
    }

    /**
     * The bytes {@code [position, position + length)} of the file, which the caller has checked
     * lie inside it, as a buffer over a backing array that stays valid until the next call; its
     * {@code position()} is the offset of the first byte in {@code array()}.
     */
    ByteBuffer read(long position, int length) throws IOException {
        if (position < bufferStart || position + length > bufferStart + bufferLength) {
            int want = (int) Math.min(Math.max(CHUNK_BYTES, length), fileBytes - position);
            if (buffer.length < want) {
                buffer = new byte[want];
            }
            file.seek(position);
            file.readFully(buffer, 0, want);
            bufferStart = position;
            bufferLength = want;
        }
        return ByteBuffer.wrap(buffer, (int) (position - bufferStart), length);
    }
}
