package io.linegate.gateway.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Decodes an RFC 8428 SenML JSON pack posted for one line into one reading per record.
 *
 * <ul>
 *   <li>sensor id = resolved name, {@code bn + n}, which must be a valid id;</li>
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
 * document is read before it is judged, so input that is not well-formed JSON is always
 * {@link RejectReason#MALFORMED}; among other problems the first one found wins.
 *
 * <p>Stateless and thread-safe: called concurrently from transport callback threads via
 * {@link ReadingDecoder}. Never throws on any payload.
 */
final class SenmlDecoder {

    /** Resolved times below this many seconds are relative to now (RFC 8428 §4.5.3). */
    static final double RELATIVE_TIME_LIMIT_SECONDS = 0x1p28;

    private final JsonFactory json;
    private final int maxStringLength;
    private final int maxRecords;

    SenmlDecoder(JsonFactory json, DecodeLimits limits) {
        this.json = json;
        this.maxStringLength = limits.maxJsonStringLength();
        this.maxRecords = limits.maxReadingsPerBatch();
    }

    /**
     * Decodes {@code payload}.
     *
     * @param lineId a line id already checked with {@link Ids#isValid}
     */
    DecodeResult decode(String lineId, byte[] payload, long arrivalMs) {
        try (JsonParser parser = json.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return DecodeResult.rejected(RejectReason.MALFORMED, "a SenML pack must be a JSON array of records");
            }
            SenmlRecords records = new SenmlRecords(lineId, arrivalMs);
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    return DecodeResult.rejected(RejectReason.MALFORMED, "truncated JSON");
                }
                if (records.count() == maxRecords) {
                    return DecodeResult.rejected(RejectReason.TOO_LARGE,
                            "SenML pack has more than " + maxRecords + " records");
                }
                if (token != JsonToken.START_OBJECT) {
                    records.report(RejectReason.MALFORMED, "record " + records.count() + " is not a JSON object");
                    if (!JsonInput.skipValue(parser, maxStringLength)) {
                        return JsonInput.stringTooLong(maxStringLength);
                    }
                    records.skip();
                    continue;
                }
                DecodeResult.Rejected tooLarge = readRecord(parser, records);
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
            return JsonInput.rejected(e);
        } catch (IOException e) {
            return DecodeResult.rejected(RejectReason.MALFORMED, "unreadable JSON");
        }
    }

    /** Reads one record's fields into {@code records}; returns a rejection only for exceeded limits. */
    private DecodeResult.Rejected readRecord(JsonParser parser, SenmlRecords records) throws IOException {
        records.startRecord();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String label = parser.currentName();
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
