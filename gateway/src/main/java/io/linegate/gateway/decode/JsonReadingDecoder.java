package io.linegate.gateway.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;

/**
 * Decodes a per-sensor JSON object: {@code {"value": 42.5, "ts": 1764340000123, "seq": 17}}.
 *
 * <ul>
 *   <li>{@code value} (required): a number, or a boolean read as 1/0 (handy for equipment state);</li>
 *   <li>{@code ts} (optional): event time, non-negative integer epoch milliseconds; arrival time when
 *       absent or null;</li>
 *   <li>{@code seq} (optional): non-negative integer sequence number; {@link Reading#NO_SEQ} when
 *       absent or null;</li>
 *   <li>any other field is ignored (but still bounded by the JSON limits).</li>
 * </ul>
 *
 * <p>An exceeded limit ({@link RejectReason#TOO_LARGE}) stops reading at once. Otherwise the whole
 * document is read before it is judged, so input that is not well-formed JSON is always
 * {@link RejectReason#MALFORMED}; among other problems the first one found wins.
 *
 * <p>Stateless and thread-safe: called concurrently from transport callback threads via
 * {@link ReadingDecoder}. Never throws on any payload.
 */
final class JsonReadingDecoder {

    private final JsonFactory json;
    private final int maxStringLength;

    JsonReadingDecoder(JsonFactory json, DecodeLimits limits) {
        this.json = json;
        this.maxStringLength = limits.maxJsonStringLength();
    }

    /**
     * Decodes {@code payload}.
     *
     * @param lineId   a line id already checked with {@link Ids#isValid}
     * @param sensorId a sensor id already checked with {@link Ids#isValid}
     */
    DecodeResult decode(String lineId, String sensorId, byte[] payload, long arrivalMs) {
        try (JsonParser parser = json.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return DecodeResult.rejected(RejectReason.MALFORMED,
                        "expected a JSON object such as {\"value\": 42.5}");
            }
            Fields fields = new Fields(arrivalMs);
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                DecodeResult.Rejected tooLarge = fields.read(name, parser, maxStringLength);
                if (tooLarge != null) {
                    return tooLarge;
                }
            }
            if (token != JsonToken.END_OBJECT) {
                return DecodeResult.rejected(RejectReason.MALFORMED, "truncated JSON");
            }
            if (parser.nextToken() != null) {
                return DecodeResult.rejected(RejectReason.MALFORMED, "trailing content after the JSON object");
            }
            return fields.toResult(lineId, sensorId);
        } catch (JsonProcessingException e) {
            return JsonInput.rejected(e);
        } catch (IOException e) {
            return DecodeResult.rejected(RejectReason.MALFORMED, "unreadable JSON");
        }
    }

    /** The fields of one document, collected while parsing; one per call. */
    private static final class Fields {
        private boolean hasValue;
        private double value;
        private boolean hasTs;
        private long tsMs;
        private boolean hasSeq;
        private long seq = Reading.NO_SEQ;
        private DecodeResult.Rejected problem;

        Fields(long arrivalMs) {
            this.tsMs = arrivalMs;
        }

        /** Reads the value of field {@code name}; returns a rejection only for exceeded limits. */
        DecodeResult.Rejected read(String name, JsonParser parser, int maxStringLength) throws IOException {
            JsonToken token = parser.currentToken();
            switch (name) {
                case "value" -> {
                    hasValue = firstOccurrence(hasValue, name);
                    if (JsonInput.isNumber(token)) {
                        value = parser.getDoubleValue();
                    } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                        value = token == JsonToken.VALUE_TRUE ? 1 : 0;
                    } else {
                        report(RejectReason.MALFORMED, "\"value\" must be a number or a boolean");
                    }
                }
                case "ts" -> {
                    hasTs = firstOccurrence(hasTs, name);
                    tsMs = optionalCount(parser, tsMs, "\"ts\" must be a non-negative integer (epoch milliseconds)");
                }
                case "seq" -> {
                    hasSeq = firstOccurrence(hasSeq, name);
                    seq = optionalCount(parser, seq, "\"seq\" must be a non-negative integer");
                }
                default -> {
                    // Unknown fields are ignored, as every JSON consumer here is expected to.
                }
            }
            // Mistyped known fields may hold objects, arrays or strings too: skip and measure them.
            if (!JsonInput.skipValue(parser, maxStringLength)) {
                return JsonInput.stringTooLong(maxStringLength);
            }
            return null;
        }

        /** Reports a repeated field; returns true, the new "seen" state. */
        private boolean firstOccurrence(boolean seen, String name) {
            if (seen) {
                report(RejectReason.MALFORMED, "duplicate field \"" + name + "\"");
            }
            return true;
        }

        /** A non-negative integer field: null keeps {@code absent}, anything else but a count is reported. */
        private long optionalCount(JsonParser parser, long absent, String problemDetail) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return absent;
            }
            long count = JsonInput.nonNegativeLong(parser);
            if (count < 0) {
                report(RejectReason.MALFORMED, problemDetail);
                return absent;
            }
            return count;
        }

        DecodeResult toResult(String lineId, String sensorId) {
            if (problem != null) {
                return problem;
            }
            if (!hasValue) {
                return DecodeResult.rejected(RejectReason.MALFORMED, "missing field \"value\"");
            }
            if (!Double.isFinite(value)) {
                return DecodeResult.rejected(RejectReason.NOT_FINITE,
                        "\"value\" is NaN, infinite or overflows a double");
            }
            return new DecodeResult.Decoded(List.of(new Reading(lineId, sensorId, value, tsMs, seq)));
        }

        private void report(RejectReason reason, String detail) {
            if (problem == null) {
                problem = new DecodeResult.Rejected(reason, detail);
            }
        }
    }
}
