package io.linegate.gateway.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Parses durations as operators write them: {@code 500ms}, {@code 1s}, {@code 5m}, {@code 2h},
 * {@code 1d}, fractional values such as {@code 1.5s}, or ISO-8601 ({@code PT1S}).
 */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a message saying what is accepted
     */
    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Duration.parse(text.trim());
            } catch (RuntimeException e) {
                throw invalid(text);
            }
        }
        int unitStart = 0;
        while (unitStart < s.length() && (Character.isDigit(s.charAt(unitStart)) || s.charAt(unitStart) == '.')) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart == s.length()) {
            throw invalid(text);
        }
        double amount;
        try {
            amount = Double.parseDouble(s.substring(0, unitStart));
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        long nanosPerUnit = switch (s.substring(unitStart).trim()) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw invalid(text);
        };
        double nanos = amount * nanosPerUnit;
        if (!Double.isFinite(nanos) || nanos > Long.MAX_VALUE) {
            throw invalid(text);
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** Formats {@code d} in the shortest of the units {@link #parse} accepts. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0 && ms != 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0 && ms != 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0 && ms != 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "not a duration: '" + text + "' (use e.g. 500ms, 1s, 5m, 2h, 1d or ISO-8601 PT1S)");
    }
}
