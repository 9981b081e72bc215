package io.linegate.gateway.decode;

/**
 * Bounds on what one payload may cost to decode. Parsed once from configuration and
 * handed to {@link ReadingDecoder}; immutable, so it is safe to share between the
 * transport threads that decode concurrently.
 *
 * @param maxPayloadBytes     largest accepted payload; bigger ones are {@link RejectReason#TOO_LARGE}
 * @param maxJsonDepth        deepest accepted JSON nesting (the outermost object or array is depth 1)
 * @param maxJsonStringLength longest accepted JSON string value or field name, in characters
 * @param maxReadingsPerBatch most readings accepted from one SenML pack or protobuf batch
 */
public record DecodeLimits(int maxPayloadBytes, int maxJsonDepth, int maxJsonStringLength, int maxReadingsPerBatch) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_JSON_DEPTH = 16;
    public static final int DEFAULT_MAX_JSON_STRING_LENGTH = 1024;
    public static final int DEFAULT_MAX_READINGS_PER_BATCH = 10_000;

    private static final DecodeLimits DEFAULTS = new DecodeLimits(DEFAULT_MAX_PAYLOAD_BYTES,
            DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_JSON_STRING_LENGTH, DEFAULT_MAX_READINGS_PER_BATCH);

    public DecodeLimits {
        requirePositive("maxPayloadBytes", maxPayloadBytes);
        requirePositive("maxJsonDepth", maxJsonDepth);
        requirePositive("maxJsonStringLength", maxJsonStringLength);
        requirePositive("maxReadingsPerBatch", maxReadingsPerBatch);
    }

    /** 256 KiB payloads, JSON depth 16, JSON strings of 1024 characters, 10,000 readings per batch. */
    public static DecodeLimits defaults() {
        return DEFAULTS;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be greater than 0. Found: " + value);
        }
    }
}
