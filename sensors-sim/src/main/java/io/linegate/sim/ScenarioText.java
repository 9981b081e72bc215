package io.linegate.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The grammar shared by the scenario texts of {@link Drift}, {@link Dropout}, {@link Stuck} and
 * {@link Collinear}: specs separated by {@code ;}, each a list of {@code key=value} parts
 * separated by {@code ,}, e.g. {@code "at=10m, speed=+3.0; line=L2, at=20m, intercept=-5"}.
 * Whitespace around parts, keys and values is ignored.
 *
 * <p>Every message has the shape {@code "<kind> <what> must ... Found: <bad part> (in '<spec>')"},
 * so the operator sees which part of which spec is wrong. Stateless.
 */
final class ScenarioText {

    /** An unsigned decimal number; no NaN, no Infinity, no hex. */
    static final String NUMBER = "(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?";
    private static final Pattern SIGNED_NUMBER = Pattern.compile("[-+]?" + NUMBER);

    private ScenarioText() {
    }

    /**
     * One spec's parts, in the order given. Carries the spec's text for messages.
     *
     * @param kind  {@code drift}, {@code dropout}, {@code stuck} or {@code collinear}
     * @param text  the spec as written (trimmed)
     * @param parts key to value, both trimmed, keys unique
     */
    record Spec(String kind, String text, Map<String, String> parts) {

        /** The value of {@code key}, or null. */
        String get(String key) {
            return parts.get(key);
        }

        /** The value of {@code key}; fails naming the example when it is absent. */
        String require(String key, String example) {
            String value = parts.get(key);
            if (value == null) {
                throw new IllegalArgumentException(kind + " needs " + key + "=..., e.g. '" + example + "'. Found: '"
                        + text + "'");
            }
            return value;
        }

        /** A failure about one part: {@code "<kind> <what> must <rule>. Found: <found> (in '<spec>')"}. */
        IllegalArgumentException invalid(String what, String rule, String found) {
            return new IllegalArgumentException(kind + " " + what + " must " + rule + ". Found: " + found
                    + " (in '" + text + "')");
        }

        /** A record's own check failed: the same message, with the spec appended. */
        IllegalArgumentException rejected(IllegalArgumentException e) {
            return new IllegalArgumentException(e.getMessage() + " (in '" + text + "')", e);
        }

        /** The optional {@code line=} part: null = every line. */
        String line() {
            String line = parts.get("line");
            if (line != null && !Checks.isValidId(line)) {
                throw invalid("line", "match " + Checks.ID_PATTERN_TEXT, line);
            }
            return line;
        }

        Duration duration(String key) {
            String value = parts.get(key);
            try {
                return DurationText.parse(value);
            } catch (IllegalArgumentException e) {
                throw invalid(key, "be a duration like 500ms, 30s, 5m, 1h or 1h30m", value);
            }
        }

        /** A finite, optionally signed decimal number; fails naming {@code key} otherwise. */
        double number(String key, String value) {
            Double number = ScenarioText.number(value);
            if (number == null) {
                throw invalid(key, "be a finite decimal number such as 0.5", value == null || value.isEmpty() ? "''" : value);
            }
            return number;
        }
    }

    /** A finite, optionally signed decimal number, or null when {@code text} is not one. */
    static Double number(String text) {
        if (text == null || !SIGNED_NUMBER.matcher(text).matches()) {
            return null;
        }
        double value = Double.parseDouble(text);
        return Double.isFinite(value) ? value : null;
    }

    /**
     * Splits {@code text} into specs and converts each with {@code parseSpec}. Blank pieces
     * (e.g. after a trailing {@code ;}) are skipped, but at least one spec must be there.
     */
    static <T> List<T> parse(String kind, String text, String example, Function<Spec, List<T>> parseSpec) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(kind + " must look like '" + example + "'. Found: '"
                    + (text == null ? "" : text) + "'");
        }
        List<T> parsed = new ArrayList<>();
        for (String piece : text.split(";", -1)) {
            if (!piece.isBlank()) {
                parsed.addAll(parseSpec.apply(spec(kind, piece.trim())));
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException(kind + " must look like '" + example + "'. Found: '" + text + "'");
        }
        return parsed;
    }

    private static Spec spec(String kind, String text) {
        Map<String, String> parts = new LinkedHashMap<>();
        Spec spec = new Spec(kind, text, parts);
        for (String part : text.split(",", -1)) {
            int equals = part.indexOf('=');
            String key = equals < 0 ? "" : part.substring(0, equals).trim();
            if (key.isEmpty()) {
                throw spec.invalid("parts", "look like key=value", "'" + part.trim() + "'");
            }
            String value = part.substring(equals + 1).trim();
            if (parts.put(key, value) != null) {
                throw spec.invalid("keys", "not repeat", key);
            }
        }
        return spec;
    }

    /** Fails when {@code spec} has a key outside {@code allowed}. */
    static void requireKeys(Spec spec, List<String> allowed) {
        for (String key : spec.parts().keySet()) {
            if (!allowed.contains(key)) {
                throw spec.invalid("key", "be one of " + String.join(", ", allowed), key);
            }
        }
    }

    /** {@code sensor=, from=, for=} and optional {@code line=}: the shared shape of dropout and stuck specs. */
    static <T> List<T> span(Spec spec, SpanFactory<T> factory) {
        requireKeys(spec, List.of("line", "sensor", "from", "for"));
        String example = "sensor=speed, from=5m, for=2m";
        String sensor = spec.require("sensor", example);
        spec.require("from", example);
        spec.require("for", example);
        if (!SensorIds.ALL.contains(sensor)) {
            throw spec.invalid("sensor", "be one of " + String.join(", ", SensorIds.ALL), sensor);
        }
        String line = spec.line();
        Duration from = spec.duration("from");
        Duration length = spec.duration("for");
        if (length.isZero()) {
            throw spec.invalid("for", "be greater than 0", spec.get("for"));
        }
        try {
            return List.of(factory.create(line, sensor, from, length));
        } catch (IllegalArgumentException e) {
            throw spec.rejected(e);
        }
    }

    /** Creates a span record (a {@link Dropout} or a {@link Stuck}). */
    @FunctionalInterface
    interface SpanFactory<T> {
        T create(String lineId, String sensorId, Duration from, Duration length);
    }

    /** {@code line=L1, } when the entry is for one line, else nothing: the prefix of a spec's text. */
    static String linePart(String lineId) {
        return lineId == null ? "" : "line=" + lineId + ", ";
    }
}
