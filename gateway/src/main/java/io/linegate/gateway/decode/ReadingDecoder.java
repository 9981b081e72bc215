package io.linegate.gateway.decode;

import com.fasterxml.jackson.core.JsonFactory;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the bytes of one MQTT message or CoAP request into readings or a rejection: the only
 * decoding entry point the ingest code calls.
 *
 * <p>It checks the ids the topic (or path) named, bounds the payload size, picks the format
 * (forced by the subscription, named by the MQTT 5 content type, or sniffed from the leading
 * bytes) and hands the payload to that format's decoder. Every payload ends as exactly one
 * {@link DecodeResult}; no input makes it throw. Counting and dead-lettering rejections is
 * the caller's job.
 *
 * <p>Thread-safe and stateless after construction: one instance, built by the application
 * wiring from {@link DecodeLimits}, is shared by all transport callback threads (Paho,
 * Californium, Netty), which call it concurrently. It never blocks or does I/O.
 */
public final class ReadingDecoder {

    /** Payload bytes a dead letter carries as its sample (DESIGN §3.4). */
    public static final int DEAD_LETTER_SAMPLE_BYTES = 64;

    /** Detail of a rejection caused by a decoder bug rather than by the input. */
    static final String INTERNAL_ERROR_DETAIL = "internal decoder error";

    private static final Logger log = LoggerFactory.getLogger(ReadingDecoder.class);

    private final DecodeLimits limits;
    private final NumberDecoder numberDecoder;
    private final JsonReadingDecoder jsonDecoder;
    private final SenmlDecoder senmlDecoder;
    private final ProtobufBatchDecoder protobufDecoder;

    public ReadingDecoder(DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        JsonFactory json = JsonInput.factory(limits);
        this.numberDecoder = new NumberDecoder();
        this.jsonDecoder = new JsonReadingDecoder(json, limits);
        this.senmlDecoder = new SenmlDecoder(json, JsonInput.cborFactory(limits), limits);
        this.protobufDecoder = new ProtobufBatchDecoder(limits);
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * Decodes a payload from a per-sensor topic ({@code sensors/{line}/{sensor}}): a bare number
     * or a JSON object. With {@link PayloadFormat#AUTO} a payload whose first non-whitespace byte
     * is '{' is read as JSON, anything else as a number. SenML and protobuf are per-line formats
     * and are {@link RejectReason#UNKNOWN_FORMAT} here.
     *
     * @param lineId    line id from the topic; null or invalid is {@link RejectReason#BAD_ID}
     * @param sensorId  sensor id from the topic; null or invalid is {@link RejectReason#BAD_ID}
     * @param payload   the message body (not retained)
     * @param format    the subscription's format
     * @param arrivalMs arrival time, epoch milliseconds: the event time of readings that carry none
     * @throws NullPointerException if {@code payload} or {@code format} is null: a caller bug, not bad input
     */
    public DecodeResult decodeSensor(String lineId, String sensorId, byte[] payload, PayloadFormat format,
                                     long arrivalMs) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(format, "format");
        try {
            if (!Ids.isValid(lineId)) {
                return badId("line", lineId);
            }
            if (!Ids.isValid(sensorId)) {
                return badId("sensor", sensorId);
            }
            DecodeResult rejected = checkSize(payload);
            if (rejected != null) {
                return rejected;
            }
            PayloadFormat chosen = format == PayloadFormat.AUTO ? PayloadSniffer.sniffSensor(payload) : format;
            return switch (chosen) {
                case NUMBER -> numberDecoder.decode(lineId, sensorId, payload, arrivalMs);
                case JSON -> jsonDecoder.decode(lineId, sensorId, payload, arrivalMs);
                case SENML, SENML_CBOR, PROTOBUF, AUTO -> DecodeResult.rejected(RejectReason.UNKNOWN_FORMAT,
                        chosen + " payloads are accepted on per-line topics only");
            };
        } catch (RuntimeException e) {
            return internalError(lineId, payload, e);
        }
    }

    /**
     * Decodes a SenML pack posted for one sensor (CoAP {@code /lines/{line}/sensors/{sensor}} with
     * content-format 110 or 112): every record is a reading of that sensor; a record without a
     * name takes the sensor from the path, one naming another sensor is {@link RejectReason#BAD_ID}.
     *
     * @param lineId    line id from the path; null or invalid is {@link RejectReason#BAD_ID}
     * @param sensorId  sensor id from the path; null or invalid is {@link RejectReason#BAD_ID}
     * @param payload   the request body (not retained)
     * @param cbor      true for SenML CBOR, false for SenML JSON
     * @param arrivalMs arrival time, epoch milliseconds: the event time of records that carry none
     * @throws NullPointerException if {@code payload} is null: a caller bug, not bad input
     */
    public DecodeResult decodeSensorPack(String lineId, String sensorId, byte[] payload, boolean cbor,
                                         long arrivalMs) {
        Objects.requireNonNull(payload, "payload");
        try {
            if (!Ids.isValid(lineId)) {
                return badId("line", lineId);
            }
            if (!Ids.isValid(sensorId)) {
                return badId("sensor", sensorId);
            }
            DecodeResult rejected = checkSize(payload);
            return rejected != null ? rejected : senmlDecoder.decode(cbor, lineId, sensorId, payload, arrivalMs);
        } catch (RuntimeException e) {
            return internalError(lineId, payload, e);
        }
    }

    /**
     * Decodes a payload from a per-line topic ({@code sensors/{line}}) or CoAP path
     * ({@code /lines/{line}}): a SenML JSON pack, a SenML CBOR pack (only when {@code format} is
     * {@link PayloadFormat#SENML_CBOR}) or a protobuf {@code ReadingBatch}. The format is taken from the MQTT 5 content type when one is
     * given ({@code application/x-protobuf}, {@code application/protobuf},
     * {@code application/vnd.google.protobuf}; {@code application/senml+json},
     * {@code application/json}; parameters and letter case ignored; any other type is
     * {@link RejectReason#UNKNOWN_FORMAT}), else from {@code format}; with {@link PayloadFormat#AUTO}
     * a payload starting with '[' (after whitespace) is SenML and one whose first byte is a
     * {@code ReadingBatch} field tag (0x0A, 0x12) is protobuf.
     *
     * @param lineId      line id from the topic; null or invalid is {@link RejectReason#BAD_ID}
     * @param payload     the message body (not retained)
     * @param format      the subscription's format; NUMBER and JSON are per-sensor formats
     * @param contentType the MQTT 5 content type, or null (blank counts as absent)
     * @param arrivalMs   arrival time, epoch milliseconds: the event time of readings that carry none
     * @throws NullPointerException if {@code payload} or {@code format} is null: a caller bug, not bad input
     */
    public DecodeResult decodeLine(String lineId, byte[] payload, PayloadFormat format, String contentType,
                                   long arrivalMs) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(format, "format");
        try {
            if (!Ids.isValid(lineId)) {
                return badId("line", lineId);
            }
            DecodeResult rejected = checkSize(payload);
            if (rejected != null) {
                return rejected;
            }
            PayloadFormat chosen;
            if (contentType != null && !contentType.isBlank()) {
                chosen = lineFormatOf(contentType);
                if (chosen == null) {
                    return DecodeResult.rejected(RejectReason.UNKNOWN_FORMAT,
                            "unsupported content type '" + Samples.ofId(contentType) + "' on a per-line topic");
                }
            } else if (format == PayloadFormat.AUTO) {
                chosen = PayloadSniffer.sniffLine(payload);
            } else {
                chosen = format;
            }
            return switch (chosen) {
                case SENML -> senmlDecoder.decode(lineId, payload, arrivalMs);
                case SENML_CBOR -> senmlDecoder.decode(true, lineId, null, payload, arrivalMs);
                case PROTOBUF -> protobufDecoder.decode(lineId, payload, arrivalMs);
                case AUTO -> DecodeResult.rejected(RejectReason.UNKNOWN_FORMAT,
                        "neither a SenML pack nor a protobuf ReadingBatch");
                case NUMBER, JSON -> DecodeResult.rejected(RejectReason.UNKNOWN_FORMAT,
                        chosen + " payloads are accepted on per-sensor topics only");
            };
        } catch (RuntimeException e) {
            return internalError(lineId, payload, e);
        }
    }

    /**
     * A printable sample of the first {@code maxBytes} bytes of {@code payload} for logs and dead
     * letters: printable ASCII as is, a backslash doubled, any other byte as {@code \xNN}.
     */
    public static String sample(byte[] payload, int maxBytes) {
        Objects.requireNonNull(payload, "payload");
        return Samples.ofBytes(payload, maxBytes);
    }

    /** The per-line format a content type names (parameters and case ignored), or null. */
    static PayloadFormat lineFormatOf(String contentType) {
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters >= 0 ? contentType.substring(0, parameters) : contentType)
                .trim().toLowerCase(Locale.ROOT);
        return switch (mediaType) {
            case "application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf" ->
                    PayloadFormat.PROTOBUF;
            case "application/senml+json", "application/json" -> PayloadFormat.SENML;
            default -> null;
        };
    }

    /** Checks what every payload needs: some bytes, but not too many. */
    private DecodeResult checkSize(byte[] payload) {
        if (payload.length > limits.maxPayloadBytes()) {
            return DecodeResult.rejected(RejectReason.TOO_LARGE, "payload of " + payload.length
                    + " bytes exceeds maxPayloadBytes " + limits.maxPayloadBytes());
        }
        if (payload.length == 0) {
            return DecodeResult.rejected(RejectReason.MALFORMED, "empty payload");
        }
        return null;
    }

    private static DecodeResult badId(String kind, String id) {
        return DecodeResult.rejected(RejectReason.BAD_ID, id == null
                ? "topic names no " + kind + " id"
                : kind + " id '" + Samples.ofId(id) + "' does not match " + Ids.PATTERN_TEXT);
    }

    private static DecodeResult internalError(String lineId, byte[] payload, RuntimeException e) {
        // A decoder bug, not bad input: say so loudly, but keep the transport thread alive.
        log.error("Decoder failed; line={} size={} sample={}", Samples.ofId(lineId), payload.length,
                Samples.ofBytes(payload, DEAD_LETTER_SAMPLE_BYTES), e);
        return DecodeResult.rejected(RejectReason.MALFORMED, INTERNAL_ERROR_DETAIL);
    }
}
