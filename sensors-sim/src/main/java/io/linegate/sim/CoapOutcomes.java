package io.linegate.sim;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How the CoAP requests of a {@link Fleet} ended so far: a snapshot, each counter read
 * atomically but not all together. Immutable.
 *
 * @param requests          requests that left a device, retries included (CON retransmissions not)
 * @param changed           answers 2.04 Changed (the contract's success)
 * @param otherCodes        every other answer by code, e.g. {@code "4.00" -> 3}, {@code "5.03" -> 1};
 *                          {@code "RST"} for a reset; sorted by code
 * @param retries           requests sent again after a 5.03 and its Max-Age
 * @param timeouts          attempts without an answer in time (CON retransmissions included)
 * @param handshakeFailures attempts that failed because the DTLS handshake failed
 * @param errors            attempts that could not be sent for another reason
 * @param messageIdWaits    times a device had used every message ID of the last
 *                          EXCHANGE_LIFETIME (RFC 7252 §4.4) and the request waited to be sent
 *                          again; many of them mean: use more devices
 */
public record CoapOutcomes(long requests, long changed, Map<String, Long> otherCodes, long retries, long timeouts,
                           long handshakeFailures, long errors, long messageIdWaits) {

    public CoapOutcomes {
        otherCodes = Map.copyOf(Checks.requireNonNull("otherCodes", otherCodes));
    }

    /** Answers with {@code code}, e.g. {@code "4.00"} ({@code "2.04"} gives {@link #changed()}). */
    public long answered(String code) {
        return "2.04".equals(code) ? changed : otherCodes.getOrDefault(code, 0L);
    }

    /**
     * E.g. {@code "CoAP: 4000 requests (3950/s), 2.04: 3996, other codes: 4.00=3 5.03=1, retries after 5.03: 1,
     * timeouts: 0, handshake failures: 0, errors: 0, message-ID waits: 0"}; the rate is over {@code elapsed}.
     */
    public String summary(Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        String others = otherCodes.isEmpty() ? "none" : new TreeMap<>(otherCodes).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(" "));
        return String.format(Locale.ROOT, "CoAP: %d requests (%.0f/s), 2.04: %d, other codes: %s, retries after 5.03: %d,"
                        + " timeouts: %d, handshake failures: %d, errors: %d, message-ID waits: %d", requests,
                seconds > 0 ? requests / seconds : 0, changed, others, retries, timeouts, handshakeFailures, errors,
                messageIdWaits);
    }
}
