package io.linegate.gateway.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The envelope of every saved-state blob in the gateway: model checkpoints and QR factors here,
 * online scores and drift detectors in {@code quality}. One format-version byte, the body, then a
 * CRC-32C of both (big-endian). Integers and doubles are big-endian; doubles are written as their
 * exact IEEE 754 bits, so restored state computes bit for bit what the original would have.
 *
 * <p>A reader checks, in this order, that the blob is there, that the version is one it reads,
 * that the checksum matches (a truncated or corrupted blob fails here, with overwhelming
 * probability), and that the body is read exactly to its end. Each failure is a {@link
 * CheckpointException} naming the blob and the problem; the caller restores nothing from a blob
 * that fails.
 *
 * <p>Each {@link Writer} and {@link Reader} is used once, by the thread that made it: the line
 * worker that saves or restores its own state. The format of each blob's body is its owner's;
 * this class only frames it.
 */
public final class StateEnvelope {

    /** Version byte plus checksum. */
    public static final int ENVELOPE_BYTES = 1 + Integer.BYTES;

    private StateEnvelope() {
    }

    /** Builds one blob. Grows as needed beyond the expected size. Not reusable after {@link #finish()}. */
    public static final class Writer {

        private ByteBuffer buffer;

        /**
         * @param version           the format version byte, 0 to 255
         * @param expectedBodyBytes the body's size if known in advance, saving a copy; a guess is fine
         */
        public Writer(int version, int expectedBodyBytes) {
            buffer = ByteBuffer.allocate(ENVELOPE_BYTES + Math.max(0, expectedBodyBytes));
            buffer.put((byte) version);
        }

        /** The low 8 bits of {@code value}. */
        public Writer putByte(int value) {
            ensure(1).put((byte) value);
            return this;
        }

        public Writer putInt(int value) {
            ensure(Integer.BYTES).putInt(value);
            return this;
        }

        public Writer putLong(long value) {
            ensure(Long.BYTES).putLong(value);
            return this;
        }

        /** The exact bits, NaN payloads included. */
        public Writer putDouble(double value) {
            ensure(Double.BYTES).putLong(Double.doubleToRawLongBits(value));
            return this;
        }

        /** The values without a count; the reader must know how many. */
        public Writer putDoubles(double[] values) {
            ensure(values.length * Double.BYTES);
            for (double value : values) {
                buffer.putLong(Double.doubleToRawLongBits(value));
            }
            return this;
        }

        /** Length-prefixed bytes. */
        public Writer putBytes(byte[] bytes) {
            ensure(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes);
            return this;
        }

        /** Length-prefixed UTF-8. */
        public Writer putString(String value) {
            return putBytes(value.getBytes(StandardCharsets.UTF_8));
        }

        /** Appends the checksum and returns the blob, a fresh array. */
        public byte[] finish() {
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), 0, buffer.position());
            ensure(Integer.BYTES).putInt((int) crc.getValue());
            return Arrays.copyOf(buffer.array(), buffer.position());
        }

        private ByteBuffer ensure(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(2 * buffer.capacity(), buffer.position() + bytes));
                buffer.flip();
                larger.put(buffer);
                buffer = larger;
            }
            return buffer;
        }
    }

    /** Reads the body of one blob; every read past the body's end is a {@link CheckpointException}. */
    public static final class Reader {

        private final ByteBuffer body;
        private final String what;

        /**
         * @param blob    the bytes to read; not copied, and must not change while being read
         * @param version the only format version accepted
         * @param what    names the blob in messages, e.g. {@code "ols model checkpoint"}
         * @throws CheckpointException if the blob is null, too short, of another version, or fails
         *                             its checksum
         */
        public Reader(byte[] blob, int version, String what) {
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

        /** One byte, unsigned (0 to 255). */
        public int getByte() {
            try {
                return Byte.toUnsignedInt(body.get());
            } catch (BufferUnderflowException e) {
                throw endsEarly();
            }
        }

        public int getInt() {
            try {
                return body.getInt();
            } catch (BufferUnderflowException e) {
                throw endsEarly();
            }
        }

        public long getLong() {
            try {
                return body.getLong();
            } catch (BufferUnderflowException e) {
                throw endsEarly();
            }
        }

        public double getDouble() {
            return Double.longBitsToDouble(getLong());
        }

        /** {@code count} doubles written by {@link Writer#putDoubles}. */
        public double[] getDoubles(int count) {
            if (count < 0 || (long) count * Double.BYTES > body.remaining()) {
                throw endsEarly();
            }
            double[] values = new double[count];
            for (int i = 0; i < count; i++) {
                values[i] = Double.longBitsToDouble(body.getLong());
            }
            return values;
        }

        /** Bytes written by {@link Writer#putBytes}. */
        public byte[] getBytes() {
            return getLengthPrefixed("a field");
        }

        /** A string written by {@link Writer#putString}. */
        public String getString() {
            return new String(getLengthPrefixed("a string"), StandardCharsets.UTF_8);
        }

        /** Bytes of the body not read yet. */
        public int remaining() {
            return body.remaining();
        }

        /** @throws CheckpointException if any body bytes were not read */
        public void finish() {
            if (body.hasRemaining()) {
                throw malformed(body.remaining() + " unread bytes after its last field");
            }
        }

        /** A complaint about this blob's content, for its owner to throw. */
        public CheckpointException malformed(String problem) {
            return new CheckpointException(what + " is malformed: " + problem);
        }

        private byte[] getLengthPrefixed(String field) {
            int length = getInt();
            if (length < 0 || length > body.remaining()) {
                throw malformed(field + " claims " + length + " bytes, " + body.remaining() + " remain");
            }
            byte[] bytes = new byte[length];
            body.get(bytes);
            return bytes;
        }

        private CheckpointException endsEarly() {
            return malformed("its body ends before its last field");
        }
    }
}
