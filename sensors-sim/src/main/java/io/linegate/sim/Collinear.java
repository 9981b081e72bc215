package io.linegate.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feature generated as a linear function of another feature, so that the regression's
 * design matrix is (nearly) singular: {@code feature = slope * source + offset}, plus
 * Gaussian noise of {@code noiseStdDev} when that is above 0. Without noise the published
 * values satisfy the relation exactly, in double arithmetic ({@code slope * source + offset},
 * not rounded). The target is computed from the derived value, with the feature's usual
 * coefficient. The derived value is not clamped to the feature's usual range. Immutable.
 *
 * <p>Text form ({@link #parse(String)}, {@link #describe()}): {@code feed=2*speed+1},
 * {@code feed=-0.5*speed+150}, {@code feed=speed}, optionally with {@code noise=0.01} and
 * {@code line=L1}, e.g. {@code "feed=2*speed+1, noise=0.01"}; specs separated by {@code ;}.
 *
 * @param lineId      line the relation applies to; null = every line
 * @param feature     the derived feature, one of {@link SensorIds#FEATURES}
 * @param source      the feature it is derived from, another of {@link SensorIds#FEATURES};
 *                    never itself derived on the same line (checked by {@link Scenario})
 * @param slope       factor on the source, finite
 * @param offset      added constant, finite
 * @param noiseStdDev standard deviation of Gaussian noise added to each value, finite, &ge; 0
 */
public record Collinear(String lineId, String feature, String source, double slope, double offset, double noiseStdDev) {

    private static final String EXAMPLE = "feed=2*speed+1";
    private static final Pattern RELATION = Pattern.compile("(?:([-+]?" + ScenarioText.NUMBER + ")\\s*\\*\\s*)?"
            + "([A-Za-z_][A-Za-z0-9_]*)\\s*(?:([-+])\\s*(" + ScenarioText.NUMBER + "))?");

    public Collinear {
        if (lineId != null) {
            Checks.requireId("collinear line", lineId);
        }
        requireFeature("collinear feature", feature);
        requireFeature("collinear source", source);
        if (feature.equals(source)) {
            throw new IllegalArgumentException("collinear source must differ from the derived feature. Found: " + source);
        }
        Checks.requireFinite("collinear slope", slope);
        Checks.requireFinite("collinear offset", offset);
        Checks.requireNotNegativeFinite("collinear noise", noiseStdDev);
    }

    /** {@code feature = slope * source + offset} exactly, on every line. */
    public static Collinear of(String feature, double slope, String source, double offset) {
        return new Collinear(null, feature, source, slope, offset, 0);
    }

    /** This relation with Gaussian noise of {@code noiseStdDev} on each derived value. */
    public Collinear withNoise(double noiseStdDev) {
        return new Collinear(lineId, feature, source, slope, offset, noiseStdDev);
    }

    /** This relation limited to one line. */
    public Collinear onLine(String lineId) {
        return new Collinear(Checks.requireNonNull("collinear line", lineId), feature, source, slope, offset, noiseStdDev);
    }

    /** Whether this relation holds on {@code lineId}. */
    public boolean appliesTo(String lineId) {
        return this.lineId == null || this.lineId.equals(lineId);
    }

    /** Whether this relation and {@code other} can hold on one line (either is for every line, or for the same one). */
    boolean overlaps(Collinear other) {
        return lineId == null || other.lineId == null || lineId.equals(other.lineId);
    }

    /** The noise-free derived value: {@code slope * sourceValue + offset}. */
    public double value(double sourceValue) {
        return slope * sourceValue + offset;
    }

    /** The relation alone, e.g. {@code feed=2*speed+1}. */
    public String relation() {
        String text = feature + "=" + (slope == 1 ? "" : PayloadEncoder.number(slope) + "*") + source;
        if (offset != 0) {
            text += (offset < 0 ? "-" : "+") + PayloadEncoder.number(Math.abs(offset));
        }
        return text;
    }

    /** The text form, which {@link #parse(String)} reads back: e.g. {@code feed=2*speed+1, noise=0.01}. */
    public String describe() {
        return ScenarioText.linePart(lineId) + relation()
                + (noiseStdDev > 0 ? ", noise=" + PayloadEncoder.number(noiseStdDev) : "");
    }

    /**
     * Parses relation specs, e.g. {@code "feed=2*speed+1"}, {@code "line=L1, feed=-0.5*speed+150, noise=0.1"}.
     *
     * @throws IllegalArgumentException naming the bad part, e.g. {@code "collinear feed must look like
     *         2*speed+1 (factor*feature, then + or - a number). Found: 2*speed+ (in 'feed=2*speed+')"}
     */
    public static List<Collinear> parse(String text) {
        return ScenarioText.parse("collinear", text, EXAMPLE, Collinear::parseSpec);
    }

    private static List<Collinear> parseSpec(ScenarioText.Spec spec) {
        List<String> keys = new ArrayList<>(List.of("line", "noise"));
        keys.addAll(SensorIds.FEATURES);
        ScenarioText.requireKeys(spec, keys);
        List<String> derived = spec.parts().keySet().stream().filter(SensorIds.FEATURES::contains).toList();
        if (derived.size() != 1) {
            throw new IllegalArgumentException("collinear needs exactly one relation such as " + EXAMPLE
                    + " (features " + String.join(", ", SensorIds.FEATURES) + "). Found: '" + spec.text() + "'");
        }
        String feature = derived.get(0);
        String relation = spec.get(feature);
        Matcher matcher = RELATION.matcher(relation);
        if (!matcher.matches()) {
            throw spec.invalid(feature, "look like 2*speed+1 (factor*feature, then + or - a number)",
                    relation.isEmpty() ? "''" : relation);
        }
        String source = matcher.group(2);
        if (!SensorIds.FEATURES.contains(source) || source.equals(feature)) {
            throw spec.invalid(feature, "be derived from another feature, one of " + String.join(", ", SensorIds.FEATURES)
                    + " but not " + feature, source);
        }
        double slope = matcher.group(1) == null ? 1 : spec.number(feature, matcher.group(1));
        double offset = matcher.group(4) == null ? 0 : spec.number(feature, matcher.group(3) + matcher.group(4));
        double noise = 0;
        if (spec.get("noise") != null) {
            noise = spec.number("noise", spec.get("noise"));
            if (noise < 0) {
                throw spec.invalid("noise", "not be negative", spec.get("noise"));
            }
        }
        try {
            return List.of(new Collinear(spec.line(), feature, source, slope, offset, noise));
        } catch (IllegalArgumentException e) {
            throw spec.rejected(e);
        }
    }

    private static void requireFeature(String name, String feature) {
        Checks.requireNonNull(name, feature);
        if (!SensorIds.FEATURES.contains(feature)) {
            throw new IllegalArgumentException(name + " must be one of " + SensorIds.FEATURES + ". Found: " + feature);
        }
    }
}
