package io.linegate.gateway.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;

/**
 * What the JSON decoders share: one {@link JsonFactory} per {@link DecodeLimits} (thread-safe
 * once built, so every transport thread uses the same one), and the few parser moves
 * they all need. Streaming only; no trees are built.
 */
final class JsonInput {

    /** Longest accepted number literal; Jackson's own default, applied to bare numbers too. */
    static final int MAX_NUMBER_CHARS = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;

    private JsonInput() {
    }

    /**
     * A factory enforcing {@code limits}. {@code NaN} and {@code Infinity} tokens are read (as
     * numbers) so that they are reported as {@link RejectReason#NOT_FINITE} rather than as a
     * syntax error; input is always UTF-8 (RFC 8259 §8.1), never sniffed as UTF-16/32.
     */
    static JsonFactory factory(DecodeLimits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxStringLength(limits.maxJsonStringLength())
                        .maxNameLength(limits.maxJsonStringLength())
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .maxDocumentLength(limits.maxPayloadBytes())
                        .build())
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(JsonFactory.Feature.CHARSET_DETECTION)
                .build();
    }

    /** A CBOR factory enforcing the same {@code limits} as {@link #factory}. */
    static CBORFactory cborFactory(DecodeLimits limits) {
        return CBORFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxStringLength(limits.maxJsonStringLength())
                        .maxNameLength(limits.maxJsonStringLength())
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .maxDocumentLength(limits.maxPayloadBytes())
                        .build())
                .build();
    }

    /** Whether the current token is a JSON number (integer or not). */
    static boolean isNumber(JsonToken token) {
        return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
    }

    /**
     * Whether the current string token is longer than {@code maxLength} characters. Jackson
     * skips unread strings without checking its own limit, so every string is measured here.
     */
    static boolean isStringTooLong(JsonParser parser, int maxLength) throws IOException {
        return parser.getTextLength() > maxLength;
    }

    /**
     * Skips the value at the current token (a scalar, or a whole object or array), measuring
     * every string on the way. Returns false when a string is longer than {@code maxStringLength}.
     */
    static boolean skipValue(JsonParser parser, int maxStringLength) throws IOException {
        JsonToken token = parser.currentToken();
        int depth = 0;
        do {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == JsonToken.VALUE_STRING && isStringTooLong(parser, maxStringLength)) {
                return false;
            } else if (token == null) {
                // End of input inside a value; the caller's next read reports the truncation.
                return true;
            }
            if (depth == 0) {
                return true;
            }
            token = parser.nextToken();
        } while (true);
    }

    /** The current integer token as a long when it is one and not negative, else -1. */
    static long nonNegativeLong(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return -1;
        }
        long value = parser.getLongValue();
        return value < 0 ? -1 : value;
    }

    static DecodeResult.Rejected stringTooLong(int maxLength) {
        return new DecodeResult.Rejected(RejectReason.TOO_LARGE,
                "JSON string longer than " + maxLength + " characters");
    }

    /**
     * The rejection for a parser failure. Jackson's messages can quote the offending input,
     * so only the kind of failure and its byte offset are reported.
     */
    static DecodeResult.Rejected rejected(JsonProcessingException e) {
        return rejected(e, "JSON");
    }

    /** {@link #rejected(JsonProcessingException)} for a parser of {@code encoding} ("JSON", "CBOR"). */
    static DecodeResult.Rejected rejected(JsonProcessingException e, String encoding) {
        if (e instanceof StreamConstraintsException) {
            return new DecodeResult.Rejected(RejectReason.TOO_LARGE,
                    encoding + " beyond limits: " + shortened(e.getOriginalMessage()));
        }
        String what = (e instanceof JsonEOFException ? "truncated " : "invalid ") + encoding;
        JsonLocation location = e.getLocation();
        if (location == null || location.getByteOffset() < 0) {
            return new DecodeResult.Rejected(RejectReason.MALFORMED, what);
        }
        return new DecodeResult.Rejected(RejectReason.MALFORMED, what + " at byte " + location.getByteOffset());
    }

    private static String shortened(String message) {
        if (message == null) {
            return "limit exceeded";
        }
        // Constraint messages hold only numbers and setting names; drop the setting hint.
        int hint = message.indexOf(", from `");
        String text = hint > 0 ? message.substring(0, hint) + ")" : message;
        return text.length() <= 120 ? text : text.substring(0, 120);
    }
}
