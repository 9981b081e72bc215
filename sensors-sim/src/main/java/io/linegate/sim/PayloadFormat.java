package io.linegate.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How readings are put on the wire (DESIGN §3.1). Per-sensor formats publish one message per
 * reading on {@code <prefix>/<line>/<sensor>}; per-line formats publish one message per tick
 * on {@code <prefix>/<line>}.
 */
public enum PayloadFormat {

    /** Bare number text, e.g. {@code 42.5}; no event time (the receiver uses arrival time). */
    NUMBER("number", false, false, "text/plain"),
    /** {@code {"value":42.5,"ts":1764340000123,"seq":17}}, ts in epoch milliseconds. */
    JSON("json", false, true, "application/json"),
    /** SenML JSON pack (RFC 8428), {@code bt} in seconds. */
    SENML("senml", true, true, "application/senml+json"),
    /** Protobuf {@code linegate.v1.ReadingBatch}. */
    PROTOBUF("protobuf", true, true, "application/x-protobuf");

    private final String cliName;
    private final boolean perLine;
    private final boolean carriesEventTime;
    private final String contentType;

    PayloadFormat(String cliName, boolean perLine, boolean carriesEventTime, String contentType) {
        this.cliName = cliName;
        this.perLine = perLine;
        this.carriesEventTime = carriesEventTime;
        this.contentType = contentType;
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
