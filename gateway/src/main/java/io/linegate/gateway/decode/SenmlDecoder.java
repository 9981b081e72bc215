package io.linegate.gateway.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * Decodes an RFC 8428 SenML pack, JSON (content-format 110) or CBOR (112), posted for one line
 * into one reading per record. Both encodings are read through Jackson's streaming parser and
 * resolved by the same {@link SenmlRecords}; CBOR's integer labels are first mapped to their
 * JSON names by {@link SenmlCborLabels}.
 *
 * <ul>
 *   <li>sensor id = resolved name, {@code bn + n}, which must be a valid id; on a per-sensor
 *       path a record without a name is the path's sensor, and a name must equal it;</li>
 *   <li>value = {@code bv + v}, or {@code vb} as 1/0; {@code vs}/{@code vd} records are not
 *       supported and reject the pack as {@link RejectReason#UNKNOWN_FORMAT};</li>
 *   <li>time = {@code bt + t} in seconds; per RFC 8428 §4.5.3 a resolved time below 2^28 is
 *       relative to now (the arrival time), so an absent time means "now";</li>
 *   <li>base fields apply to their own record and every later one until replaced (§4.1);</li>
 *   <li>{@code bu}, {@code u}, {@code bver}, {@code ut}, {@code s}, {@code bs} are accepted and
 *       ignored, unknown fields are ignored unless they end in '_' (must-understand, §4.4).</li>
 * </ul>
 *
 * <p>A pack is accepted or rejected as a whole. An exceeded limit ({@link RejectReason#TOO_LARGE}:
 * too many records, too deep, too long a string) stops reading at once. Otherwise the whole
 * document is read before it is judged, so input that is not well-formed JSON (CBOR) is always
 * {@link RejectReason#MALFORMED}; among other problems the first one found wins.
 *
 * <p>Stateless and thread-safe: called concurrently from transport callback threads via
 * {@link ReadingDecoder}. Never throws on any payload.
 */
final class SenmlDecoder {

    /** Resolved times below this many seconds are relative to now (RFC 8428 §4.5.3). */
    static final double RELATIVE_TIME_LIMIT_SECONDS = 0x1p28;

    /** One of the two encodings: how to open a parser on it, and how its labels read. */
    private record Encoding(String name, JsonFactory factory, UnaryOperator<String> labels) {
    }

    private final Encoding json;
    private final Encoding cbor;
    private final int maxStringLength;
    private final int maxRecords;

    /** A decoder whose CBOR side enforces {@code limits} like the JSON factory given. */
    SenmlDecoder(JsonFactory json, DecodeLimits limits) {
        this(json, JsonInput.cborFactory(limits), limits);
    }

    SenmlDecoder(JsonFactory json, JsonFactory cbor, DecodeLimits limits) {
        this.json = new Encoding("JSON", json, UnaryOperator.identity());
        this.cbor = new Encoding("CBOR", cbor, SenmlCborLabels::jsonName);
        this.maxStringLength = limits.maxJsonStringLength();
        this.maxRecords = limits.maxReadingsPerBatch();
    }

    /**
     * Decodes a SenML JSON {@code payload}.
     *
     * @param lineId a line id already checked with {@link Ids#isValid}
     */
    DecodeResult decode(String lineId, byte[] payload, long arrivalMs) {
        return decode(json, lineId, null, payload, arrivalMs);
    }

    /**
     * Decodes a SenML JSON ({@code cbor} false) or CBOR pack.
     *
     * @param lineId   a line id already checked with {@link Ids#isValid}
     * @param sensorId the sensor a per-sensor path names (already checked), or null on a per-line path
     */
    DecodeResult decode(boolean cbor, String lineId, String sensorId, byte[] payload, long arrivalMs) {
        return decode(cbor ? this.cbor : this.json, lineId, sensorId, payload, arrivalMs);
    }

    private DecodeResult decode(Encoding encoding, String lineId, String sensorId, byte[] payload, long arrivalMs) {
        try (JsonParser parser = encoding.factory().createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return DecodeResult.rejected(RejectReason.MALFORMED,
                        "a SenML pack must be a " + encoding.name() + " array of records");
            }
            SenmlRecords records = new SenmlRecords(lineId, sensorId, arrivalMs);
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    return DecodeResult.rejected(RejectReason.MALFORMED, "truncated " + encoding.name());
                }
                if (records.count() == maxRecords) {
                    return DecodeResult.rejected(RejectReason.TOO_LARGE,
                            "SenML pack has more than " + maxRecords + " records");
                }
                if (token != JsonToken.START_OBJECT) {
                    records.report(RejectReason.MALFORMED, "record " + records.count() + " is not a "
                            + (encoding == json ? "JSON object" : "CBOR map"));
                    if (!JsonInput.skipValue(parser, maxStringLength)) {
                        return JsonInput.stringTooLong(maxStringLength);
                    }
                    records.skip();
                    continue;
                }
                DecodeResult.Rejected tooLarge = readRecord(parser, records, encoding.labels());
                if (tooLarge != null) {
                    return tooLarge;
                }
                records.resolve();
            }
            if (parser.nextToken() != null) {
                return DecodeResult.rejected(RejectReason.MALFORMED, "trailing content after the SenML pack");
            }
            return records.toResult();
        } catch (JsonProcessingException e) {
            return JsonInput.rejected(e, encoding.name());
        } catch (IOException e) {
            return DecodeResult.rejected(RejectReason.MALFORMED, "unreadable " + encoding.name());
        }
    }

    /** Reads one record's fields into {@code records}; returns a rejection only for exceeded limits. */
    private DecodeResult.Rejected readRecord(JsonParser parser, SenmlRecords records, UnaryOperator<String> labels)
            throws IOException {
        records.startRecord();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String label = labels.apply(parser.currentName());
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_STRING && JsonInput.isStringTooLong(parser, maxStringLength)) {
                return JsonInput.stringTooLong(maxStringLength);
            }
            records.field(label, parser);
            if (!JsonInput.skipValue(parser, maxStringLength)) {
                return JsonInput.stringTooLong(maxStringLength);
            }
        }
        // Anything but END_OBJECT here is end of input, which the caller's next read reports.
        return null;
    }
}
