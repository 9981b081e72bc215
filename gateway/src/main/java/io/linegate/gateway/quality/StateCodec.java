package io.linegate.gateway.quality;

import io.linegate.gateway.model.CheckpointException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The envelope of every checkpoint in this package, the same as the model's: one format-version
 * byte, the body, then a CRC-32C of both (big-endian). Doubles are written as their exact IEEE
 * 754 bits, so restored state computes bit for bit what the original would have.
 *
 * <p>A reader checks the version, then the checksum (a truncated or corrupted blob fails here,
 * with overwhelming probability), then that the body is read exactly to its end; each failure is
 * a {@link CheckpointException} naming the blob and the problem.
 */
final class StateCodec {

    /** Version byte plus checksum. */
    static final int ENVELOPE_BYTES = 1 + Integer.BYTES;

    private StateCodec() {
    }

    /** Builds one blob of a size known in advance. */
    static final class Writer {

        private final ByteBuffer buffer;

        Writer(int version, int bodyBytes) {
            buffer = ByteBuffer.allocate(ENVELOPE_BYTES + bodyBytes);
            buffer.put((byte) version);
        }

        Writer putByte(int value) {
            buffer.put((byte) value);
            return this;
        }

        Writer putInt(int value) {
            buffer.putInt(value);
            return this;
        }

        Writer putLong(long value) {
            buffer.putLong(value);
            return this;
        }

        Writer putDouble(double value) {
            buffer.putLong(Double.doubleToRawLongBits(value));
            return this;
        }

        /** Length-prefixed UTF-8. */
        Writer putString(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            buffer.putInt(bytes.length).put(bytes);
            return this;
        }

        /** Appends the checksum and returns the blob. */
        byte[] finish() {
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), 0, buffer.position());
            buffer.putInt((int) crc.getValue());
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /** Reads the body of one blob; every read past its end is a {@link CheckpointException}. */
    static final class Reader {

        private final ByteBuffer body;
        private final String what;

        /**
         * @param what names the blob in messages, e.g. {@code "online scores checkpoint"}
         * @throws CheckpointException if the blob is too short, of another version, or fails its checksum
         */
        Reader(byte[] blob, int version, String what) {
            this.what = what;
            if (blob == null) {
                throw new CheckpointException(what + " is missing (null)");
            }
            if (blob.length < ENVELOPE_BYTES) {
                throw new CheckpointException(what + " is truncated: " + blob.length + " bytes, the envelope alone has "
                        + ENVELOPE_BYTES);
            }
            int found = Byte.toUnsignedInt(blob[0]);
            if (found != version) {
                throw new CheckpointException(
                        what + " has format version " + found + "; this build reads version " + version + " only");
            }
            int bodyEnd = blob.length - Integer.BYTES;
            CRC32C crc = new CRC32C();
            crc.update(blob, 0, bodyEnd);
            int stored = ByteBuffer.wrap(blob, bodyEnd, Integer.BYTES).getInt();
            if (stored != (int) crc.getValue()) {
                throw new CheckpointException(what + " is corrupted or truncated: checksum mismatch over " + blob.length
                        + " bytes");
            }
            this.body = ByteBuffer.wrap(blob, 1, bodyEnd - 1).slice();
        }

        int getByte() {
            try {
                return Byte.toUnsignedInt(body.get());
            } catch (BufferUnderflowException e) {
                throw endsEarly();
            }
        }

        int getInt() {
            try {
                return body.getInt();
            } catch (BufferUnderflowException e) {
                throw endsEarly();
            }
        }

        long getLong() {
            try {
                return body.getLong();
            } catch (BufferUnderflowException e) {
                throw endsEarly();
            }
        }

        double getDouble() {
            return Double.longBitsToDouble(getLong());
        }

        String getString() {
            int length = getInt();
            if (length < 0 || length > body.remaining()) {
                throw malformed("a string claims " + length + " bytes, " + body.remaining() + " remain");
            }
            byte[] bytes = new byte[length];
            body.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        int remaining() {
            return body.remaining();
        }

        /** @throws CheckpointException if any body bytes were not read */
        void finish() {
            if (body.hasRemaining()) {
                throw malformed(body.remaining() + " unread bytes after its last field");
            }
        }

        /** A complaint about this blob's content. */
        CheckpointException malformed(String problem) {
            return new CheckpointException(what + " is malformed: " + problem);
        }

        private CheckpointException endsEarly() {
            return malformed("its body ends before its last field");
        }
    }
}
