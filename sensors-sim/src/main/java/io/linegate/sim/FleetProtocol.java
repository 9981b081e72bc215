package io.linegate.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a {@link Fleet} sends its readings: MQTT 5 publishes (DESIGN §3.1) or CoAP POSTs (§3.2). */
public enum FleetProtocol {

    /** MQTT 5 through Paho, one connection. */
    MQTT,
    /** CoAP over UDP, one endpoint per simulated device. */
    COAP,
    /** CoAP over DTLS 1.2 with a pre-shared key, one endpoint per simulated device. */
    COAPS;

    /** Lower-case name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The lower-case names, for help texts. */
    public static List<String> cliNames() {
        return Arrays.stream(values()).map(FleetProtocol::cliName).toList();
    }

    /** Parses a name, case-insensitively. */
    public static FleetProtocol fromName(String name) {
        String wanted = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (FleetProtocol protocol : values()) {
            if (protocol.name().equals(wanted)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("protocol must be one of " + String.join(", ", cliNames()) + ". Found: " + name);
    }
}
