package io.linegate.sim.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Parses the Prometheus text exposition format (version 0.0.4), as served at the gateway's
 * {@code /metrics}: comments and blank lines are skipped, label values are unescaped
 * ({@code \\}, {@code \"}, {@code \n}), values may be {@code +Inf}, {@code -Inf} or
 * {@code NaN}, and an optional timestamp is ignored. A line that does not parse is counted
 * in {@link Scrape#malformedLines()}, never thrown. Stateless; any thread.
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** One sample: metric name, labels (in exposition order), value. */
    public record Sample(String name, Map<String, String> labels, double value) {

        public Sample {
            labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    /** Every sample of one scrape and the number of lines that did not parse. */
    public record Scrape(List<Sample> samples, int malformedLines) {

        public Scrape {
            samples = List.copyOf(samples);
        }

        /** Sum of the finite values of every sample named {@code name}, over all labels; 0 if none. */
        public double sum(String name) {
            return sum(name, labels -> true);
        }

        /** Like {@link #sum(String)}, over the samples whose labels match {@code labels}. */
        public double sum(String name, Predicate<Map<String, String>> labels) {
            double total = 0;
            for (Sample sample : samples) {
                if (sample.name().equals(name) && labels.test(sample.labels()) && Double.isFinite(sample.value())) {
                    total += sample.value();
                }
            }
            return total;
        }

        /** Sum per value of {@code label} over the samples named {@code name}. */
        public Map<String, Double> sumBy(String name, String label) {
            Map<String, Double> totals = new LinkedHashMap<>();
            for (Sample sample : samples) {
                if (sample.name().equals(name) && Double.isFinite(sample.value())) {
                    totals.merge(sample.labels().getOrDefault(label, ""), sample.value(), Double::sum);
                }
            }
            return totals;
        }

        /** Whether any sample is named {@code name}. */
        public boolean has(String name) {
            return samples.stream().anyMatch(sample -> sample.name().equals(name));
        }
    }

    /** Parses a whole exposition. */
    public static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        int malformed = 0;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Sample sample = parseLine(line);
            if (sample == null) {
                malformed++;
            } else {
                samples.add(sample);
            }
        }
        return new Scrape(samples, malformed);
    }

    /** One sample line, or null when it does not parse. */
    static Sample parseLine(String line) {
        int position = 0;
        while (position < line.length() && isNameChar(line.charAt(position), position == 0)) {
            position++;
        }
        if (position == 0) {
            return null;
        }
        String name = line.substring(0, position);
        Map<String, String> labels = new LinkedHashMap<>();
        if (position < line.length() && line.charAt(position) == '{') {
            position = parseLabels(line, position + 1, labels);
            if (position < 0) {
                return null;
            }
        }
        String[] rest = line.substring(position).strip().split("[ \t]+");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            return null;
        }
        Double value = parseValue(rest[0]);
        return value == null ? null : new Sample(name, labels, value);
    }

    /** Parses {@code a="x",b="y"}} from {@code position}; returns the index after '}', or -1. */
    private static int parseLabels(String line, int position, Map<String, String> labels) {
        while (true) {
            while (position < line.length() && (line.charAt(position) == ' ' || line.charAt(position) == ',')) {
                position++;
            }
            if (position >= line.length()) {
                return -1;
            }
            if (line.charAt(position) == '}') {
                return position + 1;
            }
            int start = position;
            while (position < line.length() && isNameChar(line.charAt(position), position == start)) {
                position++;
            }
            if (position == start || position + 1 >= line.length() || line.charAt(position) != '='
                    || line.charAt(position + 1) != '"') {
                return -1;
            }
            String label = line.substring(start, position);
            position += 2;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (position >= line.length()) {
                    return -1;
                }
                char c = line.charAt(position++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (position >= line.length()) {
                        return -1;
                    }
                    char escaped = line.charAt(position++);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            labels.put(label, value.toString());
        }
    }

    private static Double parseValue(String text) {
        switch (text) {
            case "+Inf", "Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "NaN" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
    }
}
