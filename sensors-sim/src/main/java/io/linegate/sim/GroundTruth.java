package io.linegate.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The true linear relation of one simulated line:
 * {@code target = intercept + sum(coefficient[f] * f) + N(0, noiseStdDev)} per tick.
 *
 * <p>Because every tick's target is computed from the very feature values that are
 * published, the means over any window satisfy the same relation up to the averaged noise,
 * so a regression over window means should recover these numbers. Immutable.
 *
 * <p>The truth may change over event time: {@link #intercept()} and {@link #coefficients()}
 * are the values before any {@link Drift}, and {@link #at(Duration)} gives the truth in
 * effect at an offset from the fleet's start, so a learned model can be compared with the
 * truth of the window it learned from. A drift takes effect at the first tick whose offset
 * is at least its {@link Drift#at()}.
 *
 * @param lineId       line id, {@code [A-Za-z0-9_.-]{1,64}}
 * @param intercept    intercept of the target before any drift
 * @param coefficients feature sensor id to coefficient before any drift, in model order
 *                     (copied, order kept)
 * @param noiseStdDev  standard deviation of the per-tick Gaussian noise added to the target
 * @param drifts       the drifts of this line, sorted by time (stable, so drifts of one term
 *                     at the same time apply in the order given); each names this line
 *                     (a drift for every line is narrowed to it); null = none
 */
public record GroundTruth(String lineId, double intercept, Map<String, Double> coefficients, double noiseStdDev,
                          List<Drift> drifts) {

    public GroundTruth {
        Checks.requireId("lineId", lineId);
        Checks.requireFinite("intercept", intercept);
        Checks.requireNonNull("coefficients", coefficients);
        if (coefficients.isEmpty()) {
            throw new IllegalArgumentException("coefficients must not be empty");
        }
        LinkedHashMap<String, Double> copy = new LinkedHashMap<>();
        coefficients.forEach((feature, value) -> {
            Checks.requireId("coefficients key", feature);
            Checks.requireNonNull("coefficient of " + feature, value);
            Checks.requireFinite("coefficient of " + feature, value);
            copy.put(feature, value);
        });
        coefficients = Collections.unmodifiableMap(copy);
        Checks.requireNotNegativeFinite("noiseStdDev", noiseStdDev);
        drifts = ownDrifts(lineId, copy, drifts == null ? List.of() : drifts);
        checkFiniteAfterDrifts(intercept, copy, drifts);
    }

    /** A truth that never changes. */
    public GroundTruth(String lineId, double intercept, Map<String, Double> coefficients, double noiseStdDev) {
        this(lineId, intercept, coefficients, noiseStdDev, List.of());
    }

    /**
     * The truth in effect at {@code sinceStart} after the fleet's start: every drift with
     * {@code at <= sinceStart} applied, in order. The result has no drifts of its own.
     * A negative offset gives the truth before any drift.
     */
    public GroundTruth at(Duration sinceStart) {
        Checks.requireNonNull("sinceStart", sinceStart);
        double b0 = intercept;
        Map<String, Double> b = new LinkedHashMap<>(coefficients);
        for (Drift drift : drifts) {
            if (drift.at().compareTo(sinceStart) > 0) {
                break;
            }
            if (drift.term().equals(Drift.INTERCEPT)) {
                b0 = drift.apply(b0);
            } else {
                b.put(drift.term(), drift.apply(b.get(drift.term())));
            }
        }
        return new GroundTruth(lineId, b0, b, noiseStdDev);
    }

    /**
     * The truth in effect at event time {@code eventTimeMs} of a fleet whose first tick was at
     * {@code startEpochMs} (see {@link FleetGenerator#startEpochMs()}, {@link Fleet#startEpochMs()}).
     */
    public GroundTruth atEventTime(long eventTimeMs, long startEpochMs) {
        return at(Duration.ofMillis(eventTimeMs - startEpochMs));
    }

    /** The intercept in effect at {@code sinceStart}; see {@link #at(Duration)}. */
    public double intercept(Duration sinceStart) {
        return at(sinceStart).intercept();
    }

    /** The coefficient of {@code feature} in effect at {@code sinceStart}; see {@link #at(Duration)}. */
    public double coefficient(String feature, Duration sinceStart) {
        return at(sinceStart).coefficient(feature);
    }

    /** The intercept for {@link Drift#INTERCEPT}, else the coefficient of {@code term}, before any drift. */
    public double value(String term) {
        return Drift.INTERCEPT.equals(term) ? intercept : coefficient(term);
    }

    /**
     * The offsets at which the truth changes, ascending, without repeats; empty when it never
     * changes. With {@link #at(Duration)} these give every distinct truth of the line.
     */
    public List<Duration> changeTimes() {
        List<Duration> times = new ArrayList<>();
        for (Drift drift : drifts) {
            if (times.isEmpty() || !times.get(times.size() - 1).equals(drift.at())) {
                times.add(drift.at());
            }
        }
        return List.copyOf(times);
    }

    /**
     * One line per drift, in time order, with the term's value before and after, e.g.
     * {@code L1 at 10m: speed +3 (4.512 -> 7.512)}; empty when the truth never changes.
     */
    public List<String> describeDrifts() {
        List<String> lines = new ArrayList<>();
        GroundTruth before = this;
        for (Drift drift : drifts) {
            double from = before.value(drift.term());
            double to = drift.apply(from);
            lines.add(lineId + " at " + DurationText.format(drift.at()) + ": " + drift.term() + " " + drift.change()
                    + " (" + format(from) + " -> " + format(to) + ")");
            before = before.withValue(drift.term(), to);
        }
        return lines;
    }

    private GroundTruth withValue(String term, double value) {
        if (Drift.INTERCEPT.equals(term)) {
            return new GroundTruth(lineId, value, coefficients, noiseStdDev);
        }
        Map<String, Double> b = new LinkedHashMap<>(coefficients);
        b.put(term, value);
        return new GroundTruth(lineId, intercept, b, noiseStdDev);
    }

    private static List<Drift> ownDrifts(String lineId, Map<String, Double> coefficients, List<Drift> drifts) {
        List<Drift> own = new ArrayList<>(drifts.size());
        for (Drift drift : drifts) {
            Checks.requireNonNull("drift", drift);
            if (!drift.appliesTo(lineId)) {
                throw new IllegalArgumentException("drift line must be " + lineId + " (the truth's line). Found: "
                        + drift.lineId());
            }
            if (!drift.term().equals(Drift.INTERCEPT) && !coefficients.containsKey(drift.term())) {
                throw new IllegalArgumentException("drift term must be one of " + coefficients.keySet() + " or "
                        + Drift.INTERCEPT + ". Found: " + drift.term());
            }
            own.add(drift.lineId() == null ? drift.onLine(lineId) : drift);
        }
        own.sort(Comparator.comparing(Drift::at));
        return List.copyOf(own);
    }

    private static void checkFiniteAfterDrifts(double intercept, Map<String, Double> coefficients, List<Drift> drifts) {
        double b0 = intercept;
        Map<String, Double> b = new LinkedHashMap<>(coefficients);
        for (Drift drift : drifts) {
            double after = drift.apply(drift.term().equals(Drift.INTERCEPT) ? b0 : b.get(drift.term()));
            if (!Double.isFinite(after)) {
                throw new IllegalArgumentException("drift must leave " + drift.term() + " finite. Found: "
                        + drift.describe());
            }
            if (drift.term().equals(Drift.INTERCEPT)) {
                b0 = after;
            } else {
                b.put(drift.term(), after);
            }
        }
    }

    /** Feature sensor ids, in model order. */
    public List<String> features() {
        return List.copyOf(coefficients.keySet());
    }

    /** The coefficient of {@code feature} before any drift; throws if the line has no such feature. */
    public double coefficient(String feature) {
        Double value = coefficients.get(feature);
        if (value == null) {
            throw new IllegalArgumentException("feature must be one of " + coefficients.keySet() + ". Found: " + feature);
        }
        return value;
    }

    /**
     * The noise-free target for the given feature values (every feature must be present),
     * before any drift; {@code at(sinceStart).expected(...)} for later.
     */
    public double expected(Map<String, Double> featureValues) {
        double sum = intercept;
        for (Map.Entry<String, Double> entry : coefficients.entrySet()) {
            Double x = featureValues.get(entry.getKey());
            if (x == null) {
                throw new IllegalArgumentException("featureValues must contain " + entry.getKey() + ". Found: " + featureValues.keySet());
            }
            sum += entry.getValue() * x;
        }
        return sum;
    }

    /**
     * One line of text before any drift, e.g. {@code L1: efficiency = 31.207 + 0.1834*feed + ... + N(0, 0.5^2)};
     * see {@link #describeDrifts()} for the changes.
     */
    public String describe() {
        StringBuilder text = new StringBuilder(lineId).append(": ").append(SensorIds.TARGET)
                .append(" = ").append(format(intercept));
        coefficients.forEach((feature, value) -> text.append(value < 0 ? " - " : " + ")
                .append(format(Math.abs(value))).append('*').append(feature));
        return text.append(" + N(0, ").append(format(noiseStdDev)).append("^2)").toString();
    }

    /**
     * An aligned table of several lines' truths before any drift, with a header row; the
     * columns are the features of the first line.
     */
    public static String table(List<GroundTruth> truths) {
        if (truths.isEmpty()) {
            return "(no lines)" + System.lineSeparator();
        }
        List<String> features = truths.get(0).features();
        int lineWidth = "line".length();
        for (GroundTruth truth : truths) {
            lineWidth = Math.max(lineWidth, truth.lineId().length());
        }
        StringBuilder table = new StringBuilder();
        table.append(pad("line", lineWidth, false)).append(pad("intercept", 11, true));
        features.forEach(feature -> table.append(pad(feature, 11, true)));
        table.append(pad("noise-sd", 10, true)).append(System.lineSeparator());
        for (GroundTruth truth : truths) {
            table.append(pad(truth.lineId(), lineWidth, false)).append(pad(format(truth.intercept()), 11, true));
            features.forEach(feature -> table.append(pad(
                    truth.coefficients().containsKey(feature) ? format(truth.coefficient(feature)) : "-", 11, true)));
            table.append(pad(format(truth.noiseStdDev()), 10, true)).append(System.lineSeparator());
        }
        return table.toString();
    }

    /** Up to four decimals, without trailing zeros. */
    static String format(double value) {
        String text = String.format(Locale.ROOT, "%.4f", value);
        // Trailing zeros carry no information; the truths are drawn already rounded.
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }
}
