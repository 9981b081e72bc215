package io.linegate.sim;

import java.util.Collections;
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
 * @param lineId       line id, {@code [A-Za-z0-9_.-]{1,64}}
 * @param intercept    intercept of the target
 * @param coefficients feature sensor id to coefficient, in model order (copied, order kept)
 * @param noiseStdDev  standard deviation of the per-tick Gaussian noise added to the target
 */
public record GroundTruth(String lineId, double intercept, Map<String, Double> coefficients, double noiseStdDev) {

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
    }

    /** Feature sensor ids, in model order. */
    public List<String> features() {
        return List.copyOf(coefficients.keySet());
    }

    /** The coefficient of {@code feature}; throws if the line has no such feature. */
    public double coefficient(String feature) {
        Double value = coefficients.get(feature);
        if (value == null) {
            throw new IllegalArgumentException("feature must be one of " + coefficients.keySet() + ". Found: " + feature);
        }
        return value;
    }

    /** The noise-free target for the given feature values (every feature must be present). */
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

    /** One line of text, e.g. {@code L1: efficiency = 31.207 + 0.1834*feed + ... + N(0, 0.5^2)}. */
    public String describe() {
        StringBuilder text = new StringBuilder(lineId).append(": ").append(SensorIds.TARGET)
                .append(" = ").append(format(intercept));
        coefficients.forEach((feature, value) -> text.append(value < 0 ? " - " : " + ")
                .append(format(Math.abs(value))).append('*').append(feature));
        return text.append(" + N(0, ").append(format(noiseStdDev)).append("^2)").toString();
    }

    /**
     * An aligned table of several lines' truths with a header row; the columns are the
     * features of the first line.
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

    private static String format(double value) {
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
