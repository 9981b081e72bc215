package io.linegate.gateway.ingest.coap;

import io.linegate.gateway.decode.PayloadFormat;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * The CoAP content-formats each route accepts, and the payload format each one means. A request
 * without a Content-Format option is sniffed like MQTT does ({@link PayloadFormat#AUTO}).
 */
final class ContentFormats {

    /**
     * {@code application/x-protobuf} carrying a Linegate {@code ReadingBatch}: a number from the
     * IANA range for experimental use (65000–65535), agreed with the sensors-sim client.
     */
    static final int PROTOBUF_READING_BATCH = 65100;

    static final String SENSOR_ACCEPTS = "0 (text/plain number), 50 (JSON), 110 (SenML JSON), 112 (SenML CBOR)";
    static final String LINE_ACCEPTS = "110 (SenML JSON), 112 (SenML CBOR), " + PROTOBUF_READING_BATCH
            + " (protobuf ReadingBatch)";

    private ContentFormats() {
    }

    /** The format of a per-sensor body, or null when the content-format is not accepted there. */
    static PayloadFormat forSensor(int contentFormat) {
        return switch (contentFormat) {
            case MediaTypeRegistry.UNDEFINED -> PayloadFormat.AUTO;
            case MediaTypeRegistry.TEXT_PLAIN -> PayloadFormat.NUMBER;
            case MediaTypeRegistry.APPLICATION_JSON -> PayloadFormat.JSON;
            case MediaTypeRegistry.APPLICATION_SENML_JSON -> PayloadFormat.SENML;
            case MediaTypeRegistry.APPLICATION_SENML_CBOR -> PayloadFormat.SENML_CBOR;
            default -> null;
        };
    }

    /** The format of a per-line body, or null when the content-format is not accepted there. */
    static PayloadFormat forLine(int contentFormat) {
        return switch (contentFormat) {
            case MediaTypeRegistry.UNDEFINED -> PayloadFormat.AUTO;
            case MediaTypeRegistry.APPLICATION_SENML_JSON -> PayloadFormat.SENML;
            case MediaTypeRegistry.APPLICATION_SENML_CBOR -> PayloadFormat.SENML_CBOR;
            case PROTOBUF_READING_BATCH -> PayloadFormat.PROTOBUF;
            default -> null;
        };
    }
}
