package io.linegate.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters behind {@link CoapOutcomes}. Updated from Californium's threads (sent
 * requests, answers) and the retry thread (timeouts); read from any thread.
 */
final class CoapCounters {

    private final LongAdder requests = new LongAdder();
    private final LongAdder changed = new LongAdder();
    /** Keys are response codes (at most 256 of them) and "RST", so the map stays small. */
    private final Map<String, LongAdder> otherCodes = new ConcurrentHashMap<>();
    private final LongAdder retries = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder handshakeFailures = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder messageIdWaits = new LongAdder();

    void sent() {
        requests.increment();
    }

    void answered(String code) {
        if ("2.04".equals(code)) {
            changed.increment();
        } else {
            otherCodes.computeIfAbsent(code, any -> new LongAdder()).increment();
        }
    }

    void retried() {
        retries.increment();
    }

    void timedOut() {
        timeouts.increment();
    }

    void handshakeFailed() {
        handshakeFailures.increment();
    }

    void failedToSend() {
        errors.increment();
    }

    void waitedForMessageId() {
        messageIdWaits.increment();
    }

    CoapOutcomes snapshot() {
        Map<String, Long> codes = new HashMap<>();
        otherCodes.forEach((code, count) -> codes.put(code, count.sum()));
        return new CoapOutcomes(requests.sum(), changed.sum(), codes, retries.sum(), timeouts.sum(),
                handshakeFailures.sum(), errors.sum(), messageIdWaits.sum());
    }
}
