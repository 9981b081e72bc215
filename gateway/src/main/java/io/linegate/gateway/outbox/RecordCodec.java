package io.linegate.gateway.outbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The on-disk framing of one record.
 *
 * <pre>
 * frame = bodyLength:int32  crc:int32  body            (big-endian; crc = CRC32C of body)
 * body  = id:int64  createdAtMs:int64  flags:int8      (flags bit 0 = retained)
 *         kindLength:uint16 kind  keyLength:uint16 key  topicLength:uint16 topic   (UTF-8)
 *         payloadLength:int32 payload
 * </pre>
 *
 * <p>A reader trusts nothing: the body length must lie between the smallest possible body and
 * {@link #MAX_BODY_BYTES}, the CRC must match, and the field lengths must add up to exactly the
 * body length. Stateless; safe on any thread.
 */
final class RecordCodec {

    static final int FRAME_HEADER_BYTES = 8;
    /** A sane upper bound on a body, so a corrupted length can never make a reader allocate more. */
    static final int MAX_BODY_BYTES = 16 << 20;
    static final int MAX_FRAME_BYTES = FRAME_HEADER_BYTES + MAX_BODY_BYTES;
    static final int MIN_BODY_BYTES = 8 + 8 + 1 + 2 + 2 + 2 + 4;
    private static final int MAX_STRING_BYTES = 0xFFFF;
    private static final int ID_AT = FRAME_HEADER_BYTES;
    private static final int CREATED_AT = FRAME_HEADER_BYTES + 8;

    private RecordCodec() {
    }

    /**
     * Encodes a frame with id and creation time still zero; {@link #stamp} fills them in and
     * computes the CRC. Splitting the two keeps the copying out of the outbox's lock.
     *
     * @return the frame, or {@code null} when its body would exceed {@link #MAX_BODY_BYTES}
     * @throws IllegalArgumentException when a string is longer than 65535 UTF-8 bytes or kind or topic is empty
     */
    static byte[] encode(String kind, String key, String topic, byte[] payload, boolean retained) {
        byte[] kindBytes = utf8("kind", kind);
        byte[] keyBytes = utf8("key", key);
        byte[] topicBytes = utf8("topic", topic);
        Objects.requireNonNull(payload, "payload");
        if (kindBytes.length == 0) {
            throw new IllegalArgumentException("kind must not be empty");
        }
        if (topicBytes.length == 0) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        long bodyLength = (long) MIN_BODY_BYTES + kindBytes.length + keyBytes.length + topicBytes.length
                + payload.length;
        if (bodyLength > MAX_BODY_BYTES) {
            return null;
        }
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_BYTES + (int) bodyLength);
        frame.putInt((int) bodyLength).putInt(0).putLong(0).putLong(0).put((byte) (retained ? 1 : 0));
        frame.putShort((short) kindBytes.length).put(kindBytes);
        frame.putShort((short) keyBytes.length).put(keyBytes);
        frame.putShort((short) topicBytes.length).put(topicBytes);
        frame.putInt(payload.length).put(payload);
        return frame.array();
    }

    /** Sets the id and creation time of an encoded frame and seals it with its CRC. */
    static void stamp(byte[] frame, long id, long createdAtMs) {
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        buffer.putLong(ID_AT, id).putLong(CREATED_AT, createdAtMs);
        buffer.putInt(4, crc(frame, FRAME_HEADER_BYTES, frame.length - FRAME_HEADER_BYTES));
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Whether a body length read from disk is plausible before reading the body. */
    static boolean plausibleBodyLength(int bodyLength) {
        return bodyLength >= MIN_BODY_BYTES && bodyLength <= MAX_BODY_BYTES;
    }

    /**
     * Whether {@code body[offset, offset + length)} is a body with CRC {@code crc} whose field
     * lengths add up exactly.
     */
    static boolean validBody(byte[] body, int offset, int length, int crc) {
        if (!plausibleBodyLength(length) || crc(body, offset, length) != crc) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(body, offset, length);
        b.position(offset + 8 + 8 + 1);
        for (int i = 0; i < 3; i++) {
            if (b.remaining() < 2) {
                return false;
            }
            int n = Short.toUnsignedInt(b.getShort());
            if (b.remaining() < n) {
                return false;
            }
            b.position(b.position() + n);
        }
        if (b.remaining() < 4) {
            return false;
        }
        int payloadLength = b.getInt();
        return payloadLength >= 0 && b.remaining() == payloadLength;
    }

    static long bodyId(byte[] body, int offset) {
        return ByteBuffer.wrap(body).getLong(offset);
    }

    static long bodyCreatedAtMs(byte[] body, int offset) {
        return ByteBuffer.wrap(body).getLong(offset + 8);
    }

    /**
     * Decodes a whole frame read back from disk, or returns {@code null} when it does not check
     * out (the disk changed under the outbox since the segment was scanned).
     */
    static OutboxRecord decodeFrame(byte[] frame) {
        if (frame.length < FRAME_HEADER_BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        int bodyLength = b.getInt();
        int crc = b.getInt();
        if (bodyLength != frame.length - FRAME_HEADER_BYTES || !validBody(frame, FRAME_HEADER_BYTES, bodyLength, crc)) {
            return null;
        }
        long id = b.getLong();
        long createdAtMs = b.getLong();
        boolean retained = (b.get() & 1) != 0;
        String kind = string(b);
        String key = string(b);
        String topic = string(b);
        byte[] payload = new byte[b.getInt()];
        b.get(payload);
        if (id <= 0 || kind.isEmpty() || topic.isEmpty()) {
            return null;
        }
        return new OutboxRecord(id, kind, key, topic, payload, retained, createdAtMs);
    }

    private static String string(ByteBuffer b) {
        byte[] bytes = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String name, String value) {
        Objects.requireNonNull(value, name);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_STRING_BYTES
                    + " UTF-8 bytes. Found: " + bytes.length);
        }
        return bytes;
    }
}
