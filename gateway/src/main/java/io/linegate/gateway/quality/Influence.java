package io.linegate.gateway.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which features move the target most, by standardized coefficient: the change of the target, in
 * its standard deviations, for a one-standard-deviation change of the feature with the others
 * held fixed (β·σx/σy). Unlike raw coefficients these compare across features in different
 * units. Each {@link Entry} also says it in a sentence for operators.
 *
 * <p>Stateless and thread-safe: called by whoever publishes a model summary.
 */
public final class Influence {

    /** Two-sided 95 % normal quantile. */
    static final double Z_95 = 1.959963984540054;

    private Influence() {
    }

    /**
     * One feature's influence on the target.
     *
     * @param feature       the feature's name
     * @param target        the target's name, for {@link #plainText()}
     * @param rank          1 for the largest |standardized|; unidentified features rank after every
     *                      identified one, in the order given
     * @param standardized  β·σx/σy; NaN when not identified
     * @param standardError se(β)·σx/σy; NaN when unknown
     * @param lower         lower end of the 95 % interval {@code standardized ± 1.96·standardError}
     *                      (normal approximation; NaN when unknown)
     * @param upper         upper end of that interval
     * @param share         |standardized| over the sum of every identified feature's; NaN when not
     *                      identified or when no feature has any effect
     * @param identified    whether the coefficient and both standard deviations are known
     */
    public record Entry(String feature, String target, int rank, double standardized, double standardError,
                        double lower, double upper, double share, boolean identified) {

        public Entry {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(target, "target");
        }

        /**
         * For instance "speed moves efficiency most: +1 sd of speed → +0.62 sd of efficiency
         * (±0.05)", where ± is half the 95 % interval; "... (±0.40, could be no effect)" when the
         * interval holds 0; "state: effect on efficiency not identified ..." when unknown.
         */
        public String plainText() {
            if (!identified) {
                return feature + ": effect on " + target + " not identified (too few windows, a constant feature or"
                        + " target, or a feature collinear with others)";
            }
            String uncertainty;
            if (Double.isNaN(standardError)) {
                uncertainty = "uncertainty unknown";
            } else {
                uncertainty = "±" + format("%.2f", Z_95 * standardError);
                if (lower <= 0 && 0 <= upper) {
                    uncertainty += ", could be no effect";
                }
            }
            return feature + " moves " + target + " " + ordinal(rank) + "most: +1 sd of " + feature + " → "
                    + format("%+.2f", standardized) + " sd of " + target + " (" + uncertainty + ")";
        }

        private static String ordinal(int rank) {
            if (rank == 1) {
                return "";
            }
            int lastTwo = rank % 100;
            int last = rank % 10;
            String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th"
                    : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
            return rank + suffix + " ";
        }

        private static String format(String pattern, double value) {
            return String.format(Locale.ROOT, pattern, value);
        }
    }

    /**
     * Ranks {@code features} by |standardized coefficient|, largest first; ties keep the given
     * order, and features whose effect is not identified (a NaN or infinite estimate or standard
     * deviation, or a target without spread) come last, in the given order.
     *
     * @param target         the target's name
     * @param features       distinct feature names, in the order of the arrays
     * @param estimates      one coefficient per feature (no intercept); NaN when not identified
     * @param standardErrors their standard errors; NaN when unknown
     * @param sdFeatures     sample standard deviation of each feature; not negative, NaN allowed
     * @param sdTarget       sample standard deviation of the target; not negative, NaN allowed
     * @throws IllegalArgumentException if the lengths differ, a name repeats, or an sd is negative
     */
    public static List<Entry> rank(String target, List<String> features, double[] estimates,
            double[] standardErrors, double[] sdFeatures, double sdTarget) {
        Objects.requireNonNull(target, "target");
        List<String> names = List.copyOf(features);
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("features must be distinct. Found: " + names);
        }
        checkLength("estimates", estimates, names.size());
        checkLength("standardErrors", standardErrors, names.size());
        checkLength("sdFeatures", sdFeatures, names.size());
        for (int i = 0; i < sdFeatures.length; i++) {
            if (sdFeatures[i] < 0) {
                throw new IllegalArgumentException(
                        "sdFeatures of " + names.get(i) + " must not be negative. Found: " + sdFeatures[i]);
            }
        }
        if (sdTarget < 0) {
            throw new IllegalArgumentException("sdTarget must not be negative. Found: " + sdTarget);
        }

        int n = names.size();
        double[] standardized = new double[n];
        double[] scaledErrors = new double[n];
        boolean[] identified = new boolean[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double scale = sdFeatures[i] / sdTarget;
            standardized[i] = estimates[i] * scale;
            identified[i] = sdTarget > 0 && Double.isFinite(standardized[i]);
            scaledErrors[i] = identified[i] && standardErrors[i] >= 0 ? standardErrors[i] * scale : Double.NaN;
            if (identified[i]) {
                total += Math.abs(standardized[i]);
            }
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> !identified[i])
                .thenComparing(i -> identified[i] ? -Math.abs(standardized[i]) : 0));

        List<Entry> entries = new ArrayList<>(n);
        for (int position = 0; position < n; position++) {
            int i = order.get(position);
            if (!identified[i]) {
                entries.add(new Entry(names.get(i), target, position + 1, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, false));
                continue;
            }
            double halfWidth = Z_95 * scaledErrors[i];
            double share = total > 0 ? Math.abs(standardized[i]) / total : Double.NaN;
            entries.add(new Entry(names.get(i), target, position + 1, standardized[i], scaledErrors[i],
                    standardized[i] - halfWidth, standardized[i] + halfWidth, share, true));
        }
        return List.copyOf(entries);
    }

    private static void checkLength(String name, double[] values, int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(
                    name + " must have one value per feature (" + expected + "). Found: " + values.length);
        }
    }
}
