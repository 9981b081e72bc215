package io.linegate.sim;

import java.time.Instant;

/**
 * Where the event time of each tick comes from.
 *
 * <ul>
 *   <li>{@link Realtime}: the wall clock at the tick; ticks are paced at the configured rate.</li>
 *   <li>{@link Accelerated}: tick {@code k} is stamped {@code startEpochMs + k * 1000 / rate}
 *       and ticks are published as fast as the broker acknowledges them, so minutes of
 *       event time pass in seconds. Needs a format that carries event time.</li>
 * </ul>
 */
public sealed interface EventTime permits EventTime.Realtime, EventTime.Accelerated {

    /** Wall-clock event time, paced at the configured rate. */
    static EventTime realtime() {
        return new Realtime();
    }

    /** Synthetic event time from {@code startEpochMs}, published as fast as possible. */
    static EventTime accelerated(long startEpochMs) {
        return new Accelerated(startEpochMs);
    }

    /** For operators: {@code realtime} or {@code accelerated from 2025-11-28T14:00:00Z}. */
    String describe();

    /** Wall-clock event time. */
    record Realtime() implements EventTime {

        @Override
        public String describe() {
            return "realtime";
        }
    }

    /**
     * Synthetic event time.
     *
     * @param startEpochMs event time of the first tick, epoch milliseconds, &ge; 0
     */
    record Accelerated(long startEpochMs) implements EventTime {

        public Accelerated {
            Checks.requireNotNegative("startEpochMs", startEpochMs);
        }

        @Override
        public String describe() {
            return "accelerated from " + Instant.ofEpochMilli(startEpochMs);
        }

        /** Event time of tick {@code index} (from 0) at {@code ratePerSecond} ticks per second. */
        public long tickTimeMs(long index, double ratePerSecond) {
            return startEpochMs + Math.round(index * 1000.0 / ratePerSecond);
        }
    }
}
