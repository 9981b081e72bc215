package io.linegate.gateway.quality;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** Ways to damage a checkpoint blob, for tests that it is refused. */
final class Checkpoints {

    private Checkpoints() {
    }

    static byte[] withFlippedBit(byte[] blob, int index) {
        byte[] copy = blob.clone();
        copy[index] ^= 0x10;
        return copy;
    }

    static byte[] truncated(byte[] blob, int length) {
        return Arrays.copyOf(blob, length);
    }

    /** {@code blob} with one body byte replaced and the checksum recomputed, so only the content is wrong. */
    static byte[] resealedWith(byte[] blob, int index, byte value) {
        byte[] copy = blob.clone();
        copy[index] = value;
        return resealed(copy);
    }

    /** {@code blob} with a long at {@code index} replaced and the checksum recomputed. */
    static byte[] resealedWithLong(byte[] blob, int index, long value) {
        byte[] copy = blob.clone();
        ByteBuffer.wrap(copy).putLong(index, value);
        return resealed(copy);
    }

    static byte[] resealed(byte[] blob) {
        CRC32C crc = new CRC32C();
        crc.update(blob, 0, blob.length - Integer.BYTES);
        ByteBuffer.wrap(blob).putInt(blob.length - Integer.BYTES, (int) crc.getValue());
        return blob;
    }
}
