package io.linegate.gateway.pipeline;

import io.linegate.gateway.decode.ReadingDecoder;
import io.linegate.gateway.decode.RejectReason;
import io.linegate.gateway.forward.OutboundMessages;
import io.linegate.gateway.forward.UpstreamSink;
import io.linegate.gateway.observe.DeadLetterLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every rejected message or reading by reason and source
 * ({@code linegate.rejected{reason, source}}) and samples them to the dead-letter stream,
 * at most {@code perSecond} a second; what the rate limit holds back is counted and reported
 * in the next dead letter's {@code suppressed} field.
 *
 * <p>Thread-safe: called from transport callback threads and line workers. Never throws,
 * never blocks; logs at DEBUG (bad input is expected, not an error).
 */
public final class Rejections {

    private static final Logger log = LoggerFactory.getLogger(Rejections.class);
    private static final int SAMPLE_BYTES = 64;
    private static final int MAX_TOPIC_CHARS = 256;

    private final String gatewayId;
    private final MeterRegistry meters;
    private final UpstreamSink upstream;
    private final int perSecond;
    private final Clock clock;
    private final DeadLetterLog deadLetters;
    private final Map<String, Map<RejectReason, Counter>> counters = new ConcurrentHashMap<>();
    private final AtomicLongArray suppressed = new AtomicLongArray(RejectReason.values().length);
    private long currentSecond = Long.MIN_VALUE;
    private int sentThisSecond;

    public Rejections(String gatewayId, MeterRegistry meters, UpstreamSink upstream, int perSecond, Clock clock) {
        this(gatewayId, meters, upstream, perSecond, clock, new DeadLetterLog(DeadLetterLog.DEFAULT_CAPACITY));
    }

    /** As above, keeping every dead letter sent upstream in {@code deadLetters} too (the operator surface's). */
    public Rejections(String gatewayId, MeterRegistry meters, UpstreamSink upstream, int perSecond, Clock clock,
                      DeadLetterLog deadLetters) {
        this.deadLetters = deadLetters;
        this.gatewayId = gatewayId;
        this.meters = meters;
        this.upstream = upstream;
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /**
     * Records one rejection.
     *
     * @param reason  why
     * @param source  {@code mqtt} or {@code coap}
     * @param topic   topic or path it came on (only ever published inside the payload, escaped)
     * @param payload the payload, or null when a single reading (not a message) was rejected
     * @param detail  short diagnostic
     */
    public void reject(RejectReason reason, String source, String topic, byte[] payload, String detail) {
        counter(source, reason).increment();
        String safeTopic = topic == null ? ""
                : ReadingDecoder.sample(topic.getBytes(StandardCharsets.UTF_8), MAX_TOPIC_CHARS);
        log.debug("Rejected reason={} source={} topic={} detail={}", reason, source, safeTopic, detail);
        if (!takeToken()) {
            suppressed.incrementAndGet(reason.ordinal());
            return;
        }
        long held = suppressed.getAndSet(reason.ordinal(), 0);
        deadLetters.add(new DeadLetterLog.Entry(clock.millis(), reason.name(), source, safeTopic,
                payload == null ? 0 : payload.length,
                payload == null ? "" : ReadingDecoder.sample(payload, DeadLetterLog.SAMPLE_CHARS), detail));
        try {
            upstream.publishDeadLetter(OutboundMessages.deadLetter(gatewayId, reason.name(), source, safeTopic,
                    payload == null ? 0 : payload.length,
                    payload == null ? "" : ReadingDecoder.sample(payload, SAMPLE_BYTES), detail, clock.millis(), held));
        } catch (RuntimeException e) {
            log.error("Dead letter could not be handed upstream reason={}", reason, e);
        }
    }

    /** Rejections counted so far for {@code reason} from {@code source}. */
    public long count(String source, RejectReason reason) {
        return (long) counter(source, reason).count();
    }

    /** Rejections counted so far by reason, every source together; reasons never seen are left out. */
    public Map<String, Long> countsByReason() {
        Map<String, Long> byReason = new TreeMap<>();
        for (Map<RejectReason, Counter> bySource : counters.values()) {
            bySource.forEach((reason, c) -> {
                long n = (long) c.count();
                if (n > 0) {
                    byReason.merge(reason.name(), n, Long::sum);
                }
            });
        }
        return byReason;
    }

    /** The recent dead letters, for the operator surface. */
    public DeadLetterLog deadLetters() {
        return deadLetters;
    }

    private Counter counter(String source, RejectReason reason) {
        return counters.computeIfAbsent(source, s -> {
            Map<RejectReason, Counter> bySource = new EnumMap<>(RejectReason.class);
            for (RejectReason r : RejectReason.values()) {
                bySource.put(r, Counter.builder("linegate.rejected").tag("reason", r.name()).tag("source", s)
                        .description("Messages or readings rejected, by reason").register(meters));
            }
            return bySource;
        }).get(reason);
    }

    private synchronized boolean takeToken() {
        long second = clock.millis() / 1000;
        if (second != currentSecond) {
            currentSecond = second;
            sentThisSecond = 0;
        }
        if (sentThisSecond >= perSecond) {
            return false;
        }
        sentThisSecond++;
        return true;
    }
}
