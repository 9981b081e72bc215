package io.linegate.gateway.forward;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.linegate.gateway.config.OutputFormat;
import java.nio.charset.StandardCharsets;

/**
 * Encodes upstream messages as protobuf bytes or as the canonical proto3 JSON mapping of
 * the same message. Immutable and thread-safe.
 */
public final class OutboundEncoder {

    /** MQTT 5 content type of protobuf payloads. */
    public static final String PROTOBUF_CONTENT_TYPE = "application/x-protobuf";
    public static final String JSON_CONTENT_TYPE = "application/json";

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final OutputFormat format;

    public OutboundEncoder(OutputFormat format) {
        this.format = format;
    }

    public byte[] encode(Message message) {
        if (format == OutputFormat.PROTOBUF) {
            return message.toByteArray();
        }
        try {
            return JSON.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName() + " as JSON", e);
        }
    }

    public String contentType() {
        return format == OutputFormat.PROTOBUF ? PROTOBUF_CONTENT_TYPE : JSON_CONTENT_TYPE;
    }

    public OutputFormat format() {
        return format;
    }
}
