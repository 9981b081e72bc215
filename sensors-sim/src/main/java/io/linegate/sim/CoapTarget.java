package io.linegate.sim;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how a {@link Fleet} sends its readings over CoAP (DESIGN §3.2) instead of MQTT.
 * Validated at construction; messages name the bad value, e.g.
 * {@code "devices must be greater than 0. Found: 0"}.
 *
 * @param uri                  base URI, {@code coap://host:port} or {@code coaps://host:port}
 *                             (no path); requests go to {@code /lines/<line>[/sensors/<sensor>]}
 * @param devices              simulated devices, each its own CoAP endpoint on its own UDP port,
 *                             sharing the load, 1..{@value #MAX_DEVICES}
 * @param confirmable          CON requests (true) or NON
 * @param inFlightPerDevice    requests awaiting their answer per device at most, 1..{@value #MAX_IN_FLIGHT_PER_DEVICE}
 * @param maxRetries           how often one request is sent again after a 5.03 (after the
 *                             Max-Age it names); then it counts as failed, 0..{@value #MAX_RETRIES}
 * @param requestTimeout       how long one attempt waits for its answer before it counts as
 *                             timed out (CON retransmissions happen within it)
 * @param pskFile              coaps: file of {@code identity=<base64 key>} lines ({@code #}
 *                             comments), as Scandium's {@code MultiPskFileStore} reads it;
 *                             null for coap
 * @param pskIdentity          coaps: the PSK identity whose key the file holds; null for coap
 */
public record CoapTarget(URI uri, int devices, boolean confirmable, int inFlightPerDevice, int maxRetries,
                         Duration requestTimeout, Path pskFile, String pskIdentity) {

    public static final int MAX_DEVICES = 1024;
    public static final int MAX_IN_FLIGHT_PER_DEVICE = 1024;
    public static final int MAX_RETRIES = 100;
    public static final int DEFAULT_IN_FLIGHT_PER_DEVICE = 8;
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public CoapTarget {
        checkUri(uri);
        Checks.requireAtMost("devices", Checks.requirePositive("devices", devices), MAX_DEVICES);
        Checks.requireAtMost("inFlightPerDevice", Checks.requirePositive("inFlightPerDevice", inFlightPerDevice),
                MAX_IN_FLIGHT_PER_DEVICE);
        Checks.requireNotNegative("maxRetries", maxRetries);
        Checks.requireAtMost("maxRetries", maxRetries, MAX_RETRIES);
        Checks.requirePositive("requestTimeout", requestTimeout);
        if (secure(uri)) {
            if (pskFile == null || pskIdentity == null || pskIdentity.isEmpty()) {
                throw new IllegalArgumentException("pskFile and pskIdentity are required for coaps (the key is read from"
                        + " the file). Found: pskFile=" + pskFile + ", pskIdentity=" + pskIdentity);
            }
        } else if (pskFile != null || pskIdentity != null) {
            throw new IllegalArgumentException("pskFile and pskIdentity need a coaps:// uri. Found: " + uri);
        }
    }

    /** Plain CoAP to {@code uri}: 1 device, CON, 8 in flight, 5 retries, 30 s timeout. */
    public static CoapTarget coap(URI uri) {
        return new CoapTarget(uri, 1, true, DEFAULT_IN_FLIGHT_PER_DEVICE, DEFAULT_MAX_RETRIES, DEFAULT_REQUEST_TIMEOUT,
                null, null);
    }

    /** CoAP over DTLS with a pre-shared key from {@code pskFile}; other settings as {@link #coap(URI)}. */
    public static CoapTarget coaps(URI uri, Path pskFile, String pskIdentity) {
        return new CoapTarget(uri, 1, true, DEFAULT_IN_FLIGHT_PER_DEVICE, DEFAULT_MAX_RETRIES, DEFAULT_REQUEST_TIMEOUT,
                pskFile, pskIdentity);
    }

    /** This target with {@code devices} devices. */
    public CoapTarget withDevices(int devices) {
        return new CoapTarget(uri, devices, confirmable, inFlightPerDevice, maxRetries, requestTimeout, pskFile,
                pskIdentity);
    }

    /** This target sending CON ({@code true}) or NON requests. */
    public CoapTarget withConfirmable(boolean confirmable) {
        return new CoapTarget(uri, devices, confirmable, inFlightPerDevice, maxRetries, requestTimeout, pskFile,
                pskIdentity);
    }

    /** This target with another window per device. */
    public CoapTarget withInFlightPerDevice(int inFlightPerDevice) {
        return new CoapTarget(uri, devices, confirmable, inFlightPerDevice, maxRetries, requestTimeout, pskFile,
                pskIdentity);
    }

    /** This target with another retry limit and attempt timeout. */
    public CoapTarget withRetries(int maxRetries, Duration requestTimeout) {
        return new CoapTarget(uri, devices, confirmable, inFlightPerDevice, maxRetries, requestTimeout, pskFile,
                pskIdentity);
    }

    /** True for coaps (DTLS). */
    public boolean secure() {
        return secure(uri);
    }

    /** Requests in flight over all devices at most. */
    public int maxInFlight() {
        return devices * inFlightPerDevice;
    }

    /** Never shows the key (which this record does not hold anyway), only the file and identity. */
    @Override
    public String toString() {
        return "CoapTarget[uri=" + uri + ", devices=" + devices + ", " + (confirmable ? "CON" : "NON")
                + ", inFlightPerDevice=" + inFlightPerDevice + ", maxRetries=" + maxRetries + ", requestTimeout="
                + requestTimeout + (pskFile == null ? "" : ", pskFile=" + pskFile + ", pskIdentity=" + pskIdentity) + "]";
    }

    private static boolean secure(URI uri) {
        return "coaps".equals(uri.getScheme());
    }

    /** Parses and checks a base URI. */
    public static URI parseUri(String text) {
        Checks.requireNonNull("uri", text);
        try {
            return checkUri(new URI(text.trim()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(uriMessage(text), e);
        }
    }

    private static URI checkUri(URI uri) {
        Checks.requireNonNull("uri", uri);
        String path = uri.getPath();
        if (!("coap".equals(uri.getScheme()) || "coaps".equals(uri.getScheme())) || uri.getHost() == null
                || (path != null && !path.isEmpty() && !path.equals("/")) || uri.getQuery() != null) {
            throw new IllegalArgumentException(uriMessage(uri.toString()));
        }
        return uri;
    }

    private static String uriMessage(String found) {
        return "uri must look like coap://host:port or coaps://host:port (no path). Found: " + found;
    }
}
