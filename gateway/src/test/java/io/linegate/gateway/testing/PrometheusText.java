package io.linegate.gateway.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, written from the format's
 * description for tests: it refuses what a scraper could misread instead of guessing.
 *
 * <ul>
 *   <li>Every line ends with {@code \n}, the last one too; no {@code \r}, no trailing blanks
 *       (except in a HELP text, which is free text).
 *   <li>{@code # HELP name text} (text escapes only {@code \\} and {@code \n}) and
 *       {@code # TYPE name counter|gauge|histogram|summary|untyped}: at most one of each per
 *       family, before its first sample.
 *   <li>Samples {@code name{label="value",...} value [timestamp]}: names match
 *       {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*} and not
 *       {@code __}-prefixed, label values escape only {@code \\ \" \n}, no label twice, values are
 *       finite floats or {@code +Inf}/{@code -Inf}/{@code NaN}, timestamps are integers.
 *   <li>A sample belongs to the family whose TYPE was declared (with the type's suffixes:
 *       {@code _bucket}/{@code _sum}/{@code _count} for histograms, {@code _sum}/{@code _count}
 *       for summaries, {@code _total}/{@code _created} for counters); a family's lines are one
 *       group, and no sample (name and labels) appears twice.
 * </ul>
 */
public final class PrometheusText {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** The samples and declared families of an exposition. */
    public record Exposition(List<Sample> samples, Map<String, String> types, Map<String, String> help) {

        /** Samples named {@code name}. */
        public List<Sample> named(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }
    }

    /** Thrown for the first line that breaks the format, with its number. */
    public static final class FormatError extends RuntimeException {
        FormatError(int line, String message, String text) {
            super("line " + line + ": " + message + ": " + text);
        }
    }

    private PrometheusText() {
    }

    public static Exposition parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new FormatError(0, "does not end with a line feed", "");
        }
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        Set<String> familiesWithSamples = new HashSet<>();
        Set<String> closedFamilies = new HashSet<>();
        Set<String> seen = new HashSet<>();
        String currentFamily = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            int n = i + 1;
            String line = lines[i];
            if (line.contains("\r")) {
                throw new FormatError(n, "carriage return", line);
            }
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("# HELP ") && !line.equals(line.stripTrailing())) {
                throw new FormatError(n, "trailing whitespace", line); // a HELP text may end in blanks
            }
            String family;
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                boolean meta = parts.length >= 3 && parts[0].equals("#")
                        && (parts[1].equals("HELP") || parts[1].equals("TYPE"));
                if (!meta) {
                    continue; // a comment
                }
                family = parts[2];
                requireName(n, family, line);
                if (familiesWithSamples.contains(family)) {
                    throw new FormatError(n, parts[1] + " after the family's samples", line);
                }
                if (parts[1].equals("HELP")) {
                    String doc = parts.length == 4 ? parts[3] : "";
                    checkHelpEscapes(n, doc, line);
                    if (help.put(family, doc) != null) {
                        throw new FormatError(n, "second HELP for " + family, line);
                    }
                } else {
                    if (parts.length != 4 || !TYPES.contains(parts[3])) {
                        throw new FormatError(n, "TYPE must be one of " + TYPES, line);
                    }
                    if (types.put(family, parts[3]) != null) {
                        throw new FormatError(n, "second TYPE for " + family, line);
                    }
                }
            } else {
                Sample sample = sample(n, line);
                family = familyOf(sample.name(), types);
                if (sample.name().equals(family) && "histogram".equals(types.get(family))) {
                    throw new FormatError(n, "a histogram has only _bucket, _sum and _count samples", line);
                }
                if (!seen.add(sample.name() + sample.labels())) {
                    throw new FormatError(n, "duplicate sample", line);
                }
                familiesWithSamples.add(family);
                samples.add(sample);
            }
            if (!family.equals(currentFamily)) {
                if (closedFamilies.contains(family)) {
                    throw new FormatError(n, "lines of family " + family + " are not one group", line);
                }
                if (currentFamily != null) {
                    closedFamilies.add(currentFamily);
                }
                currentFamily = family;
            }
        }
        return new Exposition(samples, types, help);
    }

    /** The declared family a sample name belongs to, or the name itself when it is untyped. */
    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (Map.Entry<String, String> e : types.entrySet()) {
            String family = e.getKey();
            if (!name.startsWith(family + "_")) {
                continue;
            }
            String suffix = name.substring(family.length());
            boolean allowed = switch (e.getValue()) {
                case "histogram" -> suffix.equals("_bucket") || suffix.equals("_sum") || suffix.equals("_count");
                case "summary" -> suffix.equals("_sum") || suffix.equals("_count");
                case "counter" -> suffix.equals("_total") || suffix.equals("_created");
                default -> false;
            };
            if (allowed) {
                return family;
            }
        }
        return name;
    }

    private static Sample sample(int n, String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
            i++;
        }
        String name = line.substring(0, i);
        requireName(n, name, line);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(n, line, i + 1, labels);
        }
        String rest = line.substring(i);
        if (rest.isEmpty() || (rest.charAt(0) != ' ' && rest.charAt(0) != '\t')) {
            throw new FormatError(n, "no blank before the value", line);
        }
        String[] fields = rest.strip().split("[ \t]+");
        if (fields.length > 2) {
            throw new FormatError(n, "more than a value and a timestamp", line);
        }
        double value = value(n, fields[0], line);
        if (fields.length == 2 && !TIMESTAMP.matcher(fields[1]).matches()) {
            throw new FormatError(n, "timestamp is not an integer", line);
        }
        return new Sample(name, Map.copyOf(labels), value);
    }

    /** Reads {@code name="value",...}} from {@code i}; returns the index after the closing brace. */
    private static int labels(int n, String line, int i, Map<String, String> labels) {
        while (true) {
            if (i < line.length() && line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw new FormatError(n, "label without '='", line);
            }
            String label = line.substring(i, eq);
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                throw new FormatError(n, "invalid label name '" + label + "'", line);
            }
            if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw new FormatError(n, "label value not quoted", line);
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (true) {
                if (j >= line.length()) {
                    throw new FormatError(n, "unterminated label value", line);
                }
                char c = line.charAt(j);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (j + 1 >= line.length()) {
                        throw new FormatError(n, "unterminated escape", line);
                    }
                    char e = line.charAt(j + 1);
                    switch (e) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new FormatError(n, "invalid escape \\" + e + " in a label value", line);
                    }
                    j += 2;
                } else {
                    value.append(c);
                    j++;
                }
            }
            if (labels.put(label, value.toString()) != null) {
                throw new FormatError(n, "label '" + label + "' twice", line);
            }
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            } else if (i >= line.length() || line.charAt(i) != '}') {
                throw new FormatError(n, "expected ',' or '}' after a label", line);
            }
        }
    }

    private static double value(int n, String text, String line) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!FLOAT.matcher(text).matches()) {
                    throw new FormatError(n, "invalid value '" + text + "'", line);
                }
                double d = Double.parseDouble(text);
                if (Double.isInfinite(d)) {
                    throw new FormatError(n, "value overflows a double", line);
                }
                yield d;
            }
        };
    }

    private static void checkHelpEscapes(int n, String doc, String line) {
        for (int i = 0; i < doc.length(); i++) {
            if (doc.charAt(i) == '\\') {
                if (i + 1 >= doc.length() || (doc.charAt(i + 1) != '\\' && doc.charAt(i + 1) != 'n')) {
                    throw new FormatError(n, "invalid escape in HELP", line);
                }
                i++;
            }
        }
    }

    private static void requireName(int n, String name, String line) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new FormatError(n, "invalid metric name '" + name + "'", line);
        }
    }

    /** Label maps for assertion messages. */
    public static Map<String, String> labels(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return Map.copyOf(m);
    }
}
