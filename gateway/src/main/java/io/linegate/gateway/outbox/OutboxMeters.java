package io.linegate.gateway.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's meters, and its rate-limited warning about dropped records.
 *
 * <ul>
 *   <li>{@code linegate.outbox.dropped{reason=full|expired|rejected|corrupt, kind}}: records that
 *       will never be published: dropped to make room, too old, refused on append, or unreadable;
 *       {@code kind} is the record's kind ({@code prediction}, {@code model}, ...) or
 *       {@code unknown} when its bytes could not be read
 *   <li>{@code linegate.outbox.appended}: records stored
 *   <li>{@code linegate.outbox.pending.records}, {@code linegate.outbox.pending.bytes}: stored
 *       and not yet acknowledged (bytes as framed on disk)
 *   <li>{@code linegate.outbox.disk.bytes}: size of the segment files, what the quota limits
 * </ul>
 *
 * <p>{@link #dropped} is called under the outbox's lock (any thread that appends, peeks or runs
 * maintenance); it is synchronized anyway so that it does not depend on that.
 */
final class OutboxMeters {

    /** Why a record will never be published. */
    enum DropReason {
        FULL, EXPIRED, REJECTED, CORRUPT;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final MeterRegistry registry;
    /** Kind of a record whose bytes could not be read. */
    static final String UNKNOWN_KIND = "unknown";

    private final Map<DropReason, Map<String, Counter>> dropped = new EnumMap<>(DropReason.class);
    private final long[] totals = new long[DropReason.values().length];
    private final Counter appended;
    private final List<Meter> gauges = new ArrayList<>();
    private long lastWarnNanos;
    private boolean warnedOnce;
    private long unreported;

    OutboxMeters(MeterRegistry registry) {
        this.registry = registry;
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new java.util.HashMap<>());
        }
        this.appended = Counter.builder("linegate.outbox.appended").description("Records stored in the outbox")
                .register(registry);
    }

    /** Registers the gauges; they are removed again by {@link #close()} so a reopened outbox can register its own. */
    void registerGauges(Outbox outbox) {
        gauges.add(Gauge.builder("linegate.outbox.pending.records", outbox, Outbox::pending)
                .description("Outbox records not yet acknowledged upstream").register(registry));
        gauges.add(Gauge.builder("linegate.outbox.pending.bytes", outbox, Outbox::pendingBytes)
                .description("On-disk bytes of outbox records not yet acknowledged upstream").baseUnit("bytes")
                .register(registry));
        gauges.add(Gauge.builder("linegate.outbox.disk.bytes", outbox, Outbox::diskBytes)
                .description("Size of the outbox segment files").baseUnit("bytes").register(registry));
    }

    void appended() {
        appended.increment();
    }

    /** Counts dropped records of one kind and warns, at most once per 10 s, with the running totals. */
    synchronized void dropped(DropReason reason, String kind, long records) {
        if (records <= 0) {
            return;
        }
        dropped.get(reason).computeIfAbsent(kind, k -> Counter.builder("linegate.outbox.dropped")
                .tag("reason", reason.tag()).tag("kind", k)
                .description("Outbox records that will never be published, by reason and kind").register(registry))
                .increment(records);
        totals[reason.ordinal()] += records;
        unreported += records;
        long now = System.nanoTime();
        if (!warnedOnce || now - lastWarnNanos >= WARN_INTERVAL_NANOS) {
            log.warn("Outbox dropped {} records since the last warning, reason={} kind={} most recently; totals"
                    + " full={} expired={} rejected={} corrupt={}", unreported, reason.tag(), kind, total(DropReason.FULL),
                    total(DropReason.EXPIRED), total(DropReason.REJECTED), total(DropReason.CORRUPT));
            warnedOnce = true;
            lastWarnNanos = now;
            unreported = 0;
        }
    }

    /** Counts dropped records whose kinds are given per kind. */
    void dropped(DropReason reason, Map<String, Long> recordsByKind) {
        recordsByKind.forEach((kind, records) -> dropped(reason, kind, records));
    }

    private long total(DropReason reason) {
        return totals[reason.ordinal()];
    }

    void close() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }
}
