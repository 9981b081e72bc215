package io.linegate.gateway.decode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes a per-sensor payload that is a bare number, such as {@code 42.5}. The grammar is
 * exactly a JSON number, optionally surrounded by JSON whitespace: no hex, no {@code 1d}/{@code 1f}
 * suffixes, no leading '+' or '.', no leading zeros. The event time is the arrival time.
 *
 * <p>Stateless and thread-safe: called concurrently from transport callback threads via
 * {@link ReadingDecoder}. Never throws on any payload.
 */
final class NumberDecoder {

    /**
     * Decodes {@code payload}.
     *
     * @param lineId   a line id already checked with {@link Ids#isValid}
     * @param sensorId a sensor id already checked with {@link Ids#isValid}
     */
    DecodeResult decode(String lineId, String sensorId, byte[] payload, long arrivalMs) {
        int from = 0;
        int to = payload.length;
        while (from < to && PayloadSniffer.isWhitespace(payload[from])) {
            from++;
        }
        while (to > from && PayloadSniffer.isWhitespace(payload[to - 1])) {
            to--;
        }
        if (from == to) {
            return DecodeResult.rejected(RejectReason.MALFORMED, "empty payload");
        }
        if (!isJsonNumber(payload, from, to)) {
            if (isNonFiniteWord(payload, from, to)) {
                return DecodeResult.rejected(RejectReason.NOT_FINITE, "value is NaN or infinite");
            }
            return DecodeResult.rejected(RejectReason.MALFORMED, "not a number (expected e.g. 42.5)");
        }
        if (to - from > JsonInput.MAX_NUMBER_CHARS) {
            return DecodeResult.rejected(RejectReason.TOO_LARGE,
                    "number longer than " + JsonInput.MAX_NUMBER_CHARS + " characters");
        }
        // The grammar check above makes this parse total; ISO-8859-1 maps the ASCII bytes 1:1.
        double value = Double.parseDouble(new String(payload, from, to - from, StandardCharsets.ISO_8859_1));
        if (!Double.isFinite(value)) {
            return DecodeResult.rejected(RejectReason.NOT_FINITE, "number overflows a double");
        }
        return new DecodeResult.Decoded(List.of(new Reading(lineId, sensorId, value, arrivalMs, Reading.NO_SEQ)));
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} over {@code bytes[from, to)}. */
    static boolean isJsonNumber(byte[] bytes, int from, int to) {
        int i = from;
        if (i < to && bytes[i] == '-') {
            i++;
        }
        if (i >= to) {
            return false;
        }
        if (bytes[i] == '0') {
            i++;
        } else if (isDigit(bytes[i])) {
            i = skipDigits(bytes, i, to);
        } else {
            return false;
        }
        if (i < to && bytes[i] == '.') {
            int fractionStart = i + 1;
            i = skipDigits(bytes, fractionStart, to);
            if (i == fractionStart) {
                return false;
            }
        }
        if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            if (i < to && (bytes[i] == '+' || bytes[i] == '-')) {
                i++;
            }
            int exponentStart = i;
            i = skipDigits(bytes, exponentStart, to);
            if (i == exponentStart) {
                return false;
            }
        }
        return i == to;
    }

    /** An optionally signed {@code NaN}, {@code Inf} or {@code Infinity}, in any letter case. */
    static boolean isNonFiniteWord(byte[] bytes, int from, int to) {
        int i = from;
        if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
            i++;
        }
        return equalsIgnoreCase(bytes, i, to, "nan")
                || equalsIgnoreCase(bytes, i, to, "inf")
                || equalsIgnoreCase(bytes, i, to, "infinity");
    }

    private static boolean equalsIgnoreCase(byte[] bytes, int from, int to, String lowerAscii) {
        if (to - from != lowerAscii.length()) {
            return false;
        }
        for (int i = 0; i < lowerAscii.length(); i++) {
            int b = bytes[from + i];
            int lower = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
            if (lower != lowerAscii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int skipDigits(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && isDigit(bytes[i])) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
