package io.linegate.sim;

import java.util.Locale;

/** Formats {@link FleetProgress} snapshots for operators: one progress line, one summary. */
public final class ProgressLine {

    private ProgressLine() {
    }

    /**
     * E.g. {@code "ticks=120 messages=1440 (288/s) readings=1440 failed=0 in-flight=3"}; the rate is
     * over the interval since {@code previous} (null = since the start).
     */
    public static String progress(FleetProgress previous, FleetProgress current) {
        long messages = current.publishedMessages() - (previous == null ? 0 : previous.publishedMessages());
        double seconds = seconds(current) - (previous == null ? 0 : seconds(previous));
        return String.format(Locale.ROOT, "ticks=%d messages=%d (%.0f/s) readings=%d failed=%d in-flight=%d",
                current.ticks(), current.publishedMessages(), rate(messages, seconds), current.publishedReadings(),
                current.failedMessages(), current.inFlight());
    }

    /**
     * E.g. {@code "published 1440 messages (1440 readings), 120 ticks per line, in 12.0 s (120 messages/s), 0 failed"}.
     */
    public static String summary(FleetProgress progress) {
        double seconds = seconds(progress);
        return String.format(Locale.ROOT,
                "published %d messages (%d readings), %d ticks per line, in %.1f s (%.0f messages/s), %d failed",
                progress.publishedMessages(), progress.publishedReadings(), progress.ticks(), seconds,
                rate(progress.publishedMessages(), seconds), progress.failedMessages());
    }

    private static double seconds(FleetProgress progress) {
        return progress.elapsed().toNanos() / 1e9;
    }

    private static double rate(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
