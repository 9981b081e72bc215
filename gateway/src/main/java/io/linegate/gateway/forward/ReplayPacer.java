package io.linegate.gateway.forward;

import java.util.concurrent.TimeUnit;

/**
 * Paces the backlog sent after an outage or a restart, so a broker that has just come back is
 * not flooded: at most {@code ratePerSecond} records per second on average, in bursts of at most
 * a tenth of a second's worth. A generic cell-rate algorithm (virtual scheduling): each record
 * takes one interval of a theoretical timeline that may run at most the burst tolerance ahead of
 * the clock.
 *
 * <p>Times are {@link System#nanoTime()} values, so wall-clock jumps do not affect the pace.
 * Not thread-safe: used by the publisher thread alone.
 */
final class ReplayPacer {

    private static final long BURST_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long intervalNanos;
    private long theoreticalNanos;
    private boolean started;

    /** @param ratePerSecond records per second; 0 means unpaced */
    ReplayPacer(int ratePerSecond) {
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("ratePerSecond must be 0 (unpaced) or greater. Found: " + ratePerSecond);
        }
        this.intervalNanos = ratePerSecond == 0 ? 0 : Math.max(1, TimeUnit.SECONDS.toNanos(1) / ratePerSecond);
    }

    /**
     * Takes a slot for one record if one is free at {@code nowNanos}.
     *
     * @return 0 when the record may go now (the slot is taken), otherwise how many nanoseconds to
     *         wait before asking again (nothing is taken)
     */
    long reserve(long nowNanos) {
        if (intervalNanos == 0) {
            return 0;
        }
        long next = !started || nowNanos - theoreticalNanos > 0 ? nowNanos : theoreticalNanos;
        long ahead = next - nowNanos;
        if (ahead > BURST_TOLERANCE_NANOS) {
            return ahead - BURST_TOLERANCE_NANOS;
        }
        started = true;
        theoreticalNanos = next + intervalNanos;
        return 0;
    }
}
