package io.linegate.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How readings are put on the wire (DESIGN §3.1, §3.2). Per-sensor formats send one message per
 * reading (MQTT {@code <prefix>/<line>/<sensor>}, CoAP {@code /lines/<line>/sensors/<sensor>});
 * per-line formats send one message per tick (MQTT {@code <prefix>/<line>}, CoAP
 * {@code /lines/<line>}). {@link #SENML_CBOR} exists over CoAP only: the gateway's MQTT ingest
 * takes no CBOR.
 */
public enum PayloadFormat {

    /** Bare number text, e.g. {@code 42.5}; no event time (the receiver uses arrival time). */
    NUMBER("number", false, false, "text/plain", 0, true),
    /** {@code {"value":42.5,"ts":1764340000123,"seq":17}}, ts in epoch milliseconds. */
    JSON("json", false, true, "application/json", 50, true),
    /** SenML JSON pack (RFC 8428), {@code bt} in seconds. */
    SENML("senml", true, true, "application/senml+json", 110, true),
    /** SenML CBOR pack (RFC 8428 §6, integer labels); CoAP only. */
    SENML_CBOR("senml-cbor", true, true, "application/senml+cbor", 112, false),
    /** Protobuf {@code linegate.v1.ReadingBatch}. */
    PROTOBUF("protobuf", true, true, "application/x-protobuf", PayloadFormat.PROTOBUF_CONTENT_FORMAT, true);

    /**
     * CoAP content-format of a protobuf {@code ReadingBatch} ("application/x-protobuf, Linegate
     * ReadingBatch"), from the experimental range 65000..65535 of RFC 7252 §12.3.
     */
    public static final int PROTOBUF_CONTENT_FORMAT = 65100;

    private final String cliName;
    private final boolean perLine;
    private final boolean carriesEventTime;
    private final String contentType;
    private final int coapContentFormat;
    private final boolean overMqtt;

    PayloadFormat(String cliName, boolean perLine, boolean carriesEventTime, String contentType, int coapContentFormat,
                  boolean overMqtt) {
        this.cliName = cliName;
        this.perLine = perLine;
        this.carriesEventTime = carriesEventTime;
        this.contentType = contentType;
        this.coapContentFormat = coapContentFormat;
        this.overMqtt = overMqtt;
    }

    /** Lower-case name used on the command line. */
    public String cliName() {
        return cliName;
    }

    /** True when one message carries every reading of a line's tick. */
    public boolean perLine() {
        return perLine;
    }

    /** False for {@link #NUMBER}: the receiver stamps arrival time. */
    public boolean carriesEventTime() {
        return carriesEventTime;
    }

    /** MQTT 5 content type set on every message of this format. */
    public String contentType() {
        return contentType;
    }

    /** CoAP Content-Format option of every request in this format (0, 50, 110, 112, 65100). */
    public int coapContentFormat() {
        return coapContentFormat;
    }

    /** False for {@link #SENML_CBOR}: the gateway takes it over CoAP only (DESIGN §3.2). */
    public boolean overMqtt() {
        return overMqtt;
    }

    /** Messages one line publishes per tick. */
    public int messagesPerLineTick() {
        return perLine ? 1 : SensorIds.ALL.size();
    }

    /** The lower-case names, for help texts. */
    public static List<String> cliNames() {
        return Arrays.stream(values()).map(PayloadFormat::cliName).collect(Collectors.toList());
    }

    /** Parses a name, case-insensitively. */
    public static PayloadFormat fromName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (PayloadFormat format : values()) {
            if (format.cliName.equals(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException("format must be one of " + String.join(", ", cliNames()) + ". Found: " + name);
    }
}
