package io.linegate.sim;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses operator durations: {@code 0}, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * {@code 2d}, combinations such as {@code 1h30m}, decimals such as {@code 1.5s}, and ISO-8601
 * ({@code PT30S}). Stateless; any thread.
 */
public final class DurationText {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private DurationText() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the expected forms. */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        if (trimmed.startsWith("pt") || trimmed.startsWith("p")) {
            try {
                return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher matcher = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int position = 0;
        while (position < trimmed.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw invalid(text);
            }
            total = total.plus(part(new BigDecimal(matcher.group(1)), matcher.group(2)));
            position = matcher.end();
        }
        if (position == 0) {
            throw invalid(text);
        }
        return total;
    }

    /** Short text for a duration, e.g. {@code 1m30s}, {@code 500ms}, {@code 0}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + "ms";
        }
        String text = duration.toString().substring(2).toLowerCase(Locale.ROOT);
        return text;
    }

    private static Duration part(BigDecimal amount, String unit) {
        BigDecimal nanosPerUnit = switch (unit) {
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "s" -> BigDecimal.valueOf(1_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            default -> BigDecimal.valueOf(86_400_000_000_000L);
        };
        return Duration.ofNanos(amount.multiply(nanosPerUnit).longValue());
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("duration must look like 500ms, 30s, 5m, 1h, 1h30m or 0. Found: " + text);
    }
}
