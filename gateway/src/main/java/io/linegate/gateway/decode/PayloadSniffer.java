package io.linegate.gateway.decode;

/**
 * Byte-level look at a payload's start, used to pick a decoder when the format is
 * {@link PayloadFormat#AUTO}. Stateless and allocation-free.
 */
final class PayloadSniffer {

    /** Tag of {@code ReadingBatch.line_id} (field 1, length-delimited). */
    static final int BATCH_LINE_ID_TAG = 0x0A;
    /** Tag of {@code ReadingBatch.readings} (field 2, length-delimited). */
    static final int BATCH_READINGS_TAG = 0x12;

    private PayloadSniffer() {
    }

    /** JSON's insignificant whitespace: space, tab, line feed, carriage return. */
    static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** Index of the first byte that is not JSON whitespace, or -1 when there is none. */
    static int firstNonWhitespace(byte[] payload) {
        for (int i = 0; i < payload.length; i++) {
            if (!isWhitespace(payload[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Per-sensor topic: a JSON object when the first significant byte is '{', else a bare number. */
    static PayloadFormat sniffSensor(byte[] payload) {
        int first = firstNonWhitespace(payload);
        return first >= 0 && payload[first] == '{' ? PayloadFormat.JSON : PayloadFormat.NUMBER;
    }

    /**
     * Per-line topic: SenML when the first significant byte is '[', protobuf when the very
     * first byte is the tag of a {@code ReadingBatch} field, else {@link PayloadFormat#AUTO}
     * meaning "not recognised". SenML is tested first because 0x0A is also a newline; a batch
     * with a valid line id can never look like '[' after whitespace, since ids contain neither.
     */
    static PayloadFormat sniffLine(byte[] payload) {
        int significant = firstNonWhitespace(payload);
        if (significant >= 0 && payload[significant] == '[') {
            return PayloadFormat.SENML;
        }
        int first = payload.length == 0 ? -1 : payload[0] & 0xFF;
        if (first == BATCH_LINE_ID_TAG || first == BATCH_READINGS_TAG) {
            return PayloadFormat.PROTOBUF;
        }
        return PayloadFormat.AUTO;
    }
}
