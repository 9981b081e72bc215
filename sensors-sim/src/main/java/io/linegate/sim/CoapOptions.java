package io.linegate.sim;

import io.linegate.sim.CliConverters.DurationConverter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The transport options of {@code sensors-sim fleet} ({@code --protocol} and the CoAP
 * settings), and the checks that no option of the other transport was given: a CoAP option
 * with {@code --protocol mqtt}, or an MQTT option ({@code --broker}, {@code --qos}, ...) with
 * CoAP, is an error rather than silently ignored. {@code senml-cbor} is CoAP only.
 */
final class CoapOptions {

    static final String DEFAULT_COAP_URI = "coap://127.0.0.1:5683";
    static final String DEFAULT_COAPS_URI = "coaps://127.0.0.1:5684";

    private static final List<String> COAP_ONLY = List.of("--coap-uri", "--psk-file", "--psk-identity", "--devices",
            "--non", "--device-in-flight", "--max-retries", "--request-timeout");
    private static final List<String> MQTT_ONLY = List.of("--broker", "--client-id", "--username", "--password",
            "--qos", "--topic-prefix");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--protocol", paramLabel = "mqtt|coap|coaps", defaultValue = "mqtt",
            converter = CliConverters.ProtocolConverter.class,
            description = "How readings are sent: MQTT publishes, or CoAP (DTLS for coaps) POSTs to"
                    + " /lines/<line>/sensors/<sensor> (number, json) or /lines/<line> (senml, senml-cbor, protobuf)"
                    + " (default: ${DEFAULT-VALUE}).")
    private FleetProtocol protocol;

    @Option(names = "--coap-uri", paramLabel = "URI",
            description = "CoAP server, e.g. coap://gateway:5683 or coaps://gateway:5684 (default: "
                    + DEFAULT_COAP_URI + ", or " + DEFAULT_COAPS_URI + " with coaps).")
    private String coapUri;

    @Option(names = "--psk-file", paramLabel = "FILE",
            description = "coaps: file of identity=<base64 key> lines (# comments); the key is read from here only.")
    private Path pskFile;

    @Option(names = "--psk-identity", paramLabel = "ID", description = "coaps: PSK identity whose key --psk-file holds.")
    private String pskIdentity;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1",
            description = "CoAP: simulated devices, each with its own UDP port, sharing the load (default: ${DEFAULT-VALUE}).")
    private int devices;

    @Option(names = "--non", description = "CoAP: send NON requests instead of CON.")
    private boolean non;

    @Option(names = "--device-in-flight", paramLabel = "N", defaultValue = "" + CoapTarget.DEFAULT_IN_FLIGHT_PER_DEVICE,
            description = "CoAP: requests awaiting their answer per device at most; --max-in-flight caps the sum"
                    + " (default: ${DEFAULT-VALUE}).")
    private int deviceInFlight;

    @Option(names = "--max-retries", paramLabel = "N", defaultValue = "" + CoapTarget.DEFAULT_MAX_RETRIES,
            description = "CoAP: times a request is sent again after 5.03 Service Unavailable, waiting its Max-Age"
                    + " (default: ${DEFAULT-VALUE}).")
    private int maxRetries;

    @Option(names = "--request-timeout", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "CoAP: how long one request waits for its answer, retransmissions included"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration requestTimeout;

    /**
     * The CoAP target the options describe; null for {@code --protocol mqtt}.
     *
     * @throws ParameterException naming the option for a bad value or a bad combination
     */
    CoapTarget target(PayloadFormat format) {
        ParseResult parsed = mixee.commandLine().getParseResult();
        if (protocol == FleetProtocol.MQTT) {
            for (String option : COAP_ONLY) {
                if (parsed.hasMatchedOption(option)) {
                    throw error(option + " needs --protocol coap or coaps.");
                }
            }
            if (!format.overMqtt()) {
                throw error("--format " + format.cliName() + " is CoAP only (content-format " + format.coapContentFormat()
                        + "); the gateway's MQTT ingest takes number, json, senml and protobuf. Use --protocol coap or coaps.");
            }
            return null;
        }
        for (String option : MQTT_ONLY) {
            if (parsed.hasMatchedOption(option)) {
                throw error(option + " is an MQTT option; it does not apply to --protocol " + protocol.cliName() + ".");
            }
        }
        boolean secure = protocol == FleetProtocol.COAPS;
        if (secure && (pskFile == null || pskIdentity == null)) {
            throw error("--protocol coaps needs --psk-file FILE and --psk-identity ID (the key is read from the file,"
                    + " never from the command line).");
        }
        if (!secure && (pskFile != null || pskIdentity != null)) {
            throw error((pskFile != null ? "--psk-file" : "--psk-identity") + " needs --protocol coaps.");
        }
        try {
            URI uri = CoapTarget.parseUri(coapUri != null ? coapUri : secure ? DEFAULT_COAPS_URI : DEFAULT_COAP_URI);
            if (!protocol.cliName().equals(uri.getScheme())) {
                throw error("--coap-uri must start with " + protocol.cliName() + ":// for --protocol " + protocol.cliName()
                        + ". Found: " + coapUri);
            }
            return new CoapTarget(uri, devices, !non, deviceInFlight, maxRetries, requestTimeout, pskFile, pskIdentity);
        } catch (IllegalArgumentException e) {
            throw error(asOption(e.getMessage()));
        }
    }

    private ParameterException error(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }

    private static String asOption(String message) {
        String[][] fields = {{"uri", "--coap-uri"}, {"devices", "--devices"}, {"inFlightPerDevice", "--device-in-flight"},
            {"maxRetries", "--max-retries"}, {"requestTimeout", "--request-timeout"}};
        for (String[] field : fields) {
            if (message.startsWith(field[0] + " ")) {
                return field[1] + message.substring(field[0].length());
            }
        }
        return message;
    }
}
