package io.linegate.gateway.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Model kind {@code ols}: exact incremental ordinary least squares. Each observation updates a
 * QR factor by square-root-free Givens rotations ({@link QrAccumulator}, the algorithm of Alan
 * Miller's AS 274), so after any number of learns the coefficients equal a batch least-squares
 * fit of everything seen, to rounding, in O(p²) memory and O(p²) time per learn.
 *
 * <p>Not thread-safe. Created by {@code app} when a line is configured, or {@linkplain #restore
 * restored} from a {@linkplain #checkpoint checkpoint} when the gateway restarts (DESIGN §4), and
 * owned by that line's worker, which alone calls every method (DESIGN §2).
 *
 * <p>With p parameters (the features, plus one for the intercept), {@link #predict} stays empty
 * until {@code minObservations} (default and minimum p + 1, so the interval has at least one
 * residual degree of freedom) and while the coefficients are not identified: a constant feature
 * next to an intercept, or features that are linear combinations of each other
 * (closer than 1e-9, relative, to the span of the other columns). Then {@link #snapshot()}
 * reports {@code identified = false} and NaN estimates instead of meaningless ones.
 */
public final class OlsModel implements LineModel {

    /** The {@link #kind()} of this model. */
    public static final String KIND = "ols";
    /** Coverage of prediction intervals unless configured otherwise. */
    public static final double DEFAULT_INTERVAL_LEVEL = 0.95;
    /** Name of the intercept in {@link ModelSnapshot#coefficients()}. */
    public static final String INTERCEPT = "intercept";

    private final List<String> featureNames;
    private final boolean intercept;
    private final double intervalLevel;
    private final int minObservations;
    private final QrAccumulator qr;
    private final RunningMoments[] featureMoments;
    private final RunningMoments targetMoments;
    /** The solve for the current observations; null when a learn has made it stale. */
    private OlsFit fit;
    private long solves;

    /** An {@code ols} model with an intercept, 95 % intervals and the default minimum. */
    public OlsModel(List<String> featureNames) {
        this(featureNames, true, DEFAULT_INTERVAL_LEVEL, 0);
    }

    /**
     * @param featureNames    one distinct name per feature, in the order of feature arrays
     * @param intercept       whether to estimate an intercept (false fits through the origin)
     * @param intervalLevel   coverage of prediction intervals, in (0, 1)
     * @param minObservations observations before {@link #predict} answers; 0 selects
     *                        {@link #defaultMinObservations(int, boolean)}, which is also the
     *                        smallest value accepted otherwise
     */
    public OlsModel(List<String> featureNames, boolean intercept, double intervalLevel, int minObservations) {
        this.featureNames = List.copyOf(featureNames);
        if (this.featureNames.isEmpty()) {
            throw new IllegalArgumentException("featureNames must name at least one feature. Found: []");
        }
        if (new HashSet<>(this.featureNames).size() != this.featureNames.size()) {
            throw new IllegalArgumentException("featureNames must be distinct. Found: " + this.featureNames);
        }
        if (intercept && this.featureNames.contains(INTERCEPT)) {
            throw new IllegalArgumentException(
                    "featureNames must not contain \"" + INTERCEPT + "\" when the model has an intercept. Found: "
                            + this.featureNames);
        }
        if (!(intervalLevel > 0 && intervalLevel < 1)) {
            throw new IllegalArgumentException("intervalLevel must be in (0, 1). Found: " + intervalLevel);
        }
        int least = defaultMinObservations(this.featureNames.size(), intercept);
        if (minObservations != 0 && minObservations < least) {
            throw new IllegalArgumentException("minObservations must be 0 (the default) or at least " + least
                    + " (parameters + 1). Found: " + minObservations);
        }
        this.intercept = intercept;
        this.intervalLevel = intervalLevel;
        this.minObservations = minObservations == 0 ? least : minObservations;
        this.qr = new QrAccumulator(parameters());
        this.featureMoments = IntStream.range(0, this.featureNames.size())
                .mapToObj(i -> new RunningMoments())
                .toArray(RunningMoments[]::new);
        this.targetMoments = new RunningMoments();
    }

    /** {@code configured}'s configuration with {@code saved}'s learned state. */
    private OlsModel(OlsModel configured, OlsCheckpoint saved) {
        this.featureNames = configured.featureNames;
        this.intercept = configured.intercept;
        this.intervalLevel = configured.intervalLevel;
        this.minObservations = configured.minObservations;
        this.qr = saved.qr;
        this.featureMoments = saved.featureMoments;
        this.targetMoments = saved.targetMoments;
    }

    /**
     * A model configured as the constructor would configure it that continues exactly where the
     * model that wrote {@code checkpoint} was: configured alike, it predicts, snapshots and learns
     * bit for bit as that model would have. The interval level and minimum observations are
     * taken from the arguments, so they may change across a restart; the features (names and
     * order) and the intercept must be the checkpoint's.
     *
     * @param checkpoint what {@link #checkpoint()} returned
     * @throws IllegalArgumentException if the configuration is invalid, as the constructor says
     * @throws CheckpointException      if {@code checkpoint} is truncated, corrupted, of another
     *                                  format version or model kind, or was taken with other
     *                                  features or intercept setting; the message says which
     */
    public static OlsModel restore(List<String> featureNames, boolean intercept, double intervalLevel,
            int minObservations, byte[] checkpoint) {
        OlsModel configured = new OlsModel(featureNames, intercept, intervalLevel, minObservations);
        OlsCheckpoint saved = OlsCheckpoint.read(checkpoint);
        saved.requireConfiguration(configured.featureNames, intercept);
        return new OlsModel(configured, saved);
    }

    /**
     * Default and smallest {@code minObservations}: parameters (features, plus one for the
     * intercept) + 1, the fewest observations that leave a residual degree of freedom.
     */
    public static int defaultMinObservations(int featureCount, boolean intercept) {
        return featureCount + (intercept ? 1 : 0) + 1;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int featureCount() {
        return featureNames.size();
    }

    @Override
    public long observations() {
        return targetMoments.count();
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public boolean hasIntercept() {
        return intercept;
    }

    public double intervalLevel() {
        return intervalLevel;
    }

    public int minObservations() {
        return minObservations;
    }

    /**
     * @throws IllegalArgumentException if {@code features} has the wrong length or a non-finite
     *                                  value (the caller's bug: windows only carry finite means)
     */
    @Override
    public Optional<ModelPrediction> predict(double[] features) {
        checkFeatures(features);
        if (observations() < minObservations) {
            return Optional.empty();
        }
        return currentFit().predict(designRow(features), intervalLevel, observations());
    }

    /**
     * @throws IllegalArgumentException if {@code features} has the wrong length or {@code features}
     *                                  or {@code target} holds a non-finite value; the model is then
     *                                  unchanged
     */
    @Override
    public void learn(double[] features, double target) {
        checkFeatures(features);
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException("target must be finite. Found: " + target);
        }
        qr.include(designRow(features), target);
        for (int i = 0; i < features.length; i++) {
            featureMoments[i].add(features[i]);
        }
        targetMoments.add(target);
        fit = null;
    }

    @Override
    public ModelSnapshot snapshot() {
        OlsFit current = currentFit();
        int offset = intercept ? 1 : 0;
        double targetSd = targetMoments.standardDeviation();
        List<ModelSnapshot.Coefficient> coefficients = new ArrayList<>(parameters());
        if (intercept) {
            coefficients.add(new ModelSnapshot.Coefficient(INTERCEPT, current.coefficient(0), current.standardError(0),
                    current.identified() ? 0 : Double.NaN));
        }
        for (int i = 0; i < featureNames.size(); i++) {
            double estimate = current.coefficient(i + offset);
            double standardized = targetSd > 0
                    ? estimate * featureMoments[i].standardDeviation() / targetSd
                    : Double.NaN;
            coefficients.add(new ModelSnapshot.Coefficient(
                    featureNames.get(i), estimate, current.standardError(i + offset), standardized));
        }
        return new ModelSnapshot(KIND, coefficients, current.rSquared(), current.adjustedRSquared(),
                current.residualStdError(), observations(), current.identified(), influenceRanking(current));
    }

    /**
     * Coefficients in snapshot order (intercept first when present); all NaN while not
     * identified. A fresh copy.
     */
    public double[] coefficients() {
        return currentFit().coefficients();
    }

    /**
     * Everything this model has learned, for {@link #restore}: the QR factor, the running moments
     * of target and features, the observation count, and the features and intercept setting it
     * was learned under. About 4·p² bytes for p parameters plus the feature names, whatever the
     * observation count: 178 bytes for two features named {@code x0}, {@code x1} and an
     * intercept, 5.2 kB for 31 such features. May be taken at any time and
     * leaves the model as it was; the array is fresh and the caller's.
     */
    @Override
    public byte[] checkpoint() {
        return OlsCheckpoint.write(featureNames, intercept, featureMoments, targetMoments, qr);
    }

    /** How many times the QR factor has been solved; lets tests see that solves are cached. */
    long solves() {
        return solves;
    }

    /**
     * Features by |coefficient × sd(feature)|, largest first: the order of |standardized
     * coefficient|, without dividing by sd(target), so that it stays defined for a constant
     * target. Ties keep configured order.
     */
    private List<String> influenceRanking(OlsFit current) {
        if (!current.identified()) {
            return List.of();
        }
        int offset = intercept ? 1 : 0;
        double[] influence = new double[featureNames.size()];
        for (int i = 0; i < influence.length; i++) {
            influence[i] = Math.abs(current.coefficient(i + offset) * featureMoments[i].standardDeviation());
        }
        return IntStream.range(0, influence.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> influence[i]).reversed())
                .map(featureNames::get)
                .toList();
    }

    private OlsFit currentFit() {
        if (fit == null) {
            fit = solve();
        }
        return fit;
    }

    private OlsFit solve() {
        // Below n = p + 1 nothing is identified and s² is undefined anyway.
        if (observations() <= parameters()) {
            return OlsFit.notIdentified(parameters());
        }
        solves++;
        return qr.solve()
                .map(solution -> OlsFit.of(solution, intercept, featureMoments, targetMoments, intervalLevel))
                .orElseGet(() -> OlsFit.notIdentified(parameters()));
    }

    private int parameters() {
        return featureNames.size() + (intercept ? 1 : 0);
    }

    /** x̃: the features with a leading 1 when the model has an intercept. */
    private double[] designRow(double[] features) {
        double[] design = new double[parameters()];
        design[0] = 1; // overwritten below when there is no intercept
        System.arraycopy(features, 0, design, intercept ? 1 : 0, features.length);
        return design;
    }

    private void checkFeatures(double[] features) {
        if (features.length != featureNames.size()) {
            throw new IllegalArgumentException(
                    "features must have " + featureNames.size() + " values. Found: " + features.length);
        }
        for (int i = 0; i < features.length; i++) {
            if (!Double.isFinite(features[i])) {
                throw new IllegalArgumentException(
                        "feature " + featureNames.get(i) + " must be finite. Found: " + features[i]);
            }
        }
    }
}
