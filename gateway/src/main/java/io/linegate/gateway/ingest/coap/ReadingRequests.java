package io.linegate.gateway.ingest.coap;

import io.linegate.gateway.decode.DecodeResult;
import io.linegate.gateway.decode.PayloadFormat;
import io.linegate.gateway.decode.ReadingDecoder;
import io.linegate.gateway.decode.RejectReason;
import io.linegate.gateway.pipeline.Admission;
import io.linegate.gateway.pipeline.LineWorkers;
import io.linegate.gateway.pipeline.Rejections;
import java.time.Clock;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/**
 * Turns one CoAP body for a route into exactly one outcome: handed to a line worker (2.04), a
 * retransmission (2.04 "duplicate"), or rejected with a counted reason and answered 4.00, 4.13,
 * 4.15 or 5.03. Serves the server's requests and the observed resources' notifications alike.
 *
 * <p>Thread-safe and stateless: called concurrently on Californium's protocol-stage threads. It
 * decodes and hands off, never blocks; it does not catch bugs ({@link LinesResource} does).
 */
final class ReadingRequests {

    /** Seconds a client is asked to wait when the line workers are full (Max-Age of a 5.03). */
    static final int OVERLOAD_RETRY_SECONDS = 2;
    private static final int MAX_DIAGNOSTIC_CHARS = 200;

    private final ReadingDecoder decoder;
    private final LineWorkers workers;
    private final Rejections rejections;
    private final Clock clock;
    private final int maxBodyBytes;

    /**
     * @param maxBodyBytes largest body accepted (4.13 beyond); the smaller of {@code sensors.coap.maxBodyBytes}
     *                     and {@code limits.maxPayloadBytes}
     */
    ReadingRequests(ReadingDecoder decoder, LineWorkers workers, Rejections rejections, Clock clock, int maxBodyBytes) {
        this.decoder = decoder;
        this.workers = workers;
        this.rejections = rejections;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Handles one body.
     *
     * @param route         where the path sends it
     * @param contentFormat the Content-Format option, or {@code MediaTypeRegistry.UNDEFINED}
     * @param payload       the (reassembled) body
     * @param path          the URI path, for counting and dead letters
     */
    CoapOutcome handle(CoapRoute route, int contentFormat, byte[] payload, String path) {
        long now = clock.millis();
        if (payload.length > maxBodyBytes) {
            String detail = "body of " + payload.length + " bytes exceeds " + maxBodyBytes;
            rejections.reject(RejectReason.TOO_LARGE, CoapIngest.SOURCE, path, payload, detail);
            return new CoapOutcome(ResponseCode.REQUEST_ENTITY_TOO_LARGE, diagnostic(RejectReason.TOO_LARGE, detail),
                    -1, maxBodyBytes);
        }
        PayloadFormat format = route.perLine() ? ContentFormats.forLine(contentFormat)
                : ContentFormats.forSensor(contentFormat);
        if (format == null) {
            String detail = "content-format " + contentFormat + " not accepted here; use "
                    + (route.perLine() ? ContentFormats.LINE_ACCEPTS : ContentFormats.SENSOR_ACCEPTS);
            rejections.reject(RejectReason.UNKNOWN_FORMAT, CoapIngest.SOURCE, path, payload, detail);
            return CoapOutcome.of(ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
                    diagnostic(RejectReason.UNKNOWN_FORMAT, detail));
        }
        DecodeResult result = decode(route, format, payload, now);
        if (result instanceof DecodeResult.Rejected rejected) {
            rejections.reject(rejected.reason(), CoapIngest.SOURCE, path, payload, rejected.detail());
            ResponseCode code = rejected.reason() == RejectReason.TOO_LARGE
                    ? ResponseCode.REQUEST_ENTITY_TOO_LARGE : ResponseCode.BAD_REQUEST;
            return CoapOutcome.of(code, diagnostic(rejected.reason(), rejected.detail()));
        }
        DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
        Admission admission = workers.offer(decoded.readings(), CoapIngest.SOURCE, path, payload);
        if (admission.overloaded()) {
            return new CoapOutcome(ResponseCode.SERVICE_UNAVAILABLE, diagnostic(RejectReason.OVERLOADED,
                    "line workers are full; retry after " + OVERLOAD_RETRY_SECONDS + " s"), OVERLOAD_RETRY_SECONDS, -1);
        }
        if (admission.onlyDuplicates()) {
            return CoapOutcome.of(ResponseCode.CHANGED, "duplicate");
        }
        String text = "accepted " + admission.queued()
                + (admission.duplicates() > 0 ? ", duplicate " + admission.duplicates() : "");
        return CoapOutcome.of(ResponseCode.CHANGED, text);
    }

    private DecodeResult decode(CoapRoute route, PayloadFormat format, byte[] payload, long now) {
        if (route.perLine()) {
            return decoder.decodeLine(route.lineId(), payload, format, null, now);
        }
        if (format == PayloadFormat.SENML || format == PayloadFormat.SENML_CBOR) {
            return decoder.decodeSensorPack(route.lineId(), route.sensorId(), payload,
                    format == PayloadFormat.SENML_CBOR, now);
        }
        return decoder.decodeSensor(route.lineId(), route.sensorId(), payload, format, now);
    }

    private static String diagnostic(RejectReason reason, String detail) {
        String text = reason.name() + ": " + detail;
        return text.length() <= MAX_DIAGNOSTIC_CHARS ? text : text.substring(0, MAX_DIAGNOSTIC_CHARS);
    }
}
