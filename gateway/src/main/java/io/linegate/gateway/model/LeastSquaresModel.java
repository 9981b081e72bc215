package io.linegate.gateway.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What the two model kinds share: a least-squares fit of the target on the features, with row
 * weights λⁿ⁻ⁱ, kept as a QR factor updated by square-root-free Givens rotations
 * ({@link QrAccumulator}), with running moments of the target and each feature weighted alike.
 * {@link OlsModel} is λ = 1 with unit weights for good; {@link RlsModel} configures λ and may
 * also {@linkplain #discount discount} every weight so far. With λ = 1 and no discount nothing is
 * ever scaled, so the two kinds compute the same doubles.
 *
 * <p>Not thread-safe. Created by {@code app} when a line is configured, or restored from a
 * checkpoint when the gateway restarts (DESIGN §4), and owned by that line's worker, which alone
 * calls every method (DESIGN §2).
 *
 * <p>With p parameters (the features, plus one for the intercept), {@link #predict} stays empty
 * until {@code minObservations} (default and minimum p + 1) and while the coefficients are not
 * identified. {@link #snapshot()} then reports {@code identified = false} with, from the first
 * observation on, the basic least-squares solution ({@link BasicSolution}): the columns that are
 * linear combinations of the others (a constant feature next to the intercept, a feature that is
 * a combination of other features, every feature beyond the observations seen) are aliased, their
 * coefficients 0, and the others are the fit without them. Prediction stays empty all the same: a
 * new observation need not lie in the span of those seen, where the aliased columns would matter.
 */
abstract sealed class LeastSquaresModel implements LineModel permits OlsModel, RlsModel {

    /** Name of the intercept in {@link ModelSnapshot#coefficients()}. */
    static final String INTERCEPT_NAME = "intercept";

    private final List<String> featureNames;
    private final boolean intercept;
    private final double intervalLevel;
    private final int minObservations;
    private final double forgettingFactor;
    private final QrAccumulator qr;
    private final RunningMoments[] featureMoments;
    private final RunningMoments targetMoments;
    /** The solve for the current observations; null when a learn has made it stale. */
    private LeastSquaresFit fit;
    private long solves;

    /**
     * @param weighted whether weights other than 1 may arise ({@code rls}, even with λ = 1, as a
     *                 discount lowers them); false ({@code ols}) keeps every weight 1, λ 1 and the
     *                 moments' weight exactly the count
     * @throws IllegalArgumentException naming the first invalid value
     */
    LeastSquaresModel(List<String> featureNames, boolean intercept, double intervalLevel, int minObservations,
            double forgettingFactor, boolean weighted) {
        this.featureNames = List.copyOf(featureNames);
        if (this.featureNames.isEmpty()) {
            throw new IllegalArgumentException("featureNames must name at least one feature. Found: []");
        }
        if (new HashSet<>(this.featureNames).size() != this.featureNames.size()) {
            throw new IllegalArgumentException("featureNames must be distinct. Found: " + this.featureNames);
        }
        if (intercept && this.featureNames.contains(INTERCEPT_NAME)) {
            throw new IllegalArgumentException(
                    "featureNames must not contain \"" + INTERCEPT_NAME + "\" when the model has an intercept. Found: "
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
        this.forgettingFactor = RunningMoments.checkedForgettingFactor(forgettingFactor);
        this.intercept = intercept;
        this.intervalLevel = intervalLevel;
        this.minObservations = minObservations == 0 ? least : minObservations;
        this.qr = new QrAccumulator(parameters());
        this.featureMoments = IntStream.range(0, this.featureNames.size())
                .mapToObj(i -> moments(weighted))
                .toArray(RunningMoments[]::new);
        this.targetMoments = moments(weighted);
    }

    /**
     * {@code configured}'s configuration with {@code saved}'s learned state.
     *
     * @throws CheckpointException if {@code saved} was taken under another configuration
     */
    LeastSquaresModel(LeastSquaresModel configured, LeastSquaresCheckpoint saved) {
        saved.requireConfiguration(configured.featureNames, configured.intercept, configured.forgettingFactor);
        this.featureNames = configured.featureNames;
        this.intercept = configured.intercept;
        this.intervalLevel = configured.intervalLevel;
        this.minObservations = configured.minObservations;
        this.forgettingFactor = configured.forgettingFactor;
        this.qr = saved.qr;
        this.featureMoments = saved.featureMoments;
        this.targetMoments = saved.targetMoments;
    }

    /**
     * Default and smallest {@code minObservations}: parameters (features, plus one for the
     * intercept) + 1, the fewest observations that leave a residual degree of freedom.
     */
    static int defaultMinObservations(int featureCount, boolean intercept) {
        return featureCount + (intercept ? 1 : 0) + 1;
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

    /** λ: each learn multiplies the weight of every earlier observation by it; 1 for {@code ols}. */
    double forgettingFactor() {
        return forgettingFactor;
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
        qr.forget(forgettingFactor);
        qr.include(designRow(features), target);
        for (int i = 0; i < features.length; i++) {
            featureMoments[i].add(features[i]);
        }
        targetMoments.add(target);
        fit = null;
    }

    /**
     * Multiplies the weight of every observation learned so far by {@code factor}, in the QR
     * factor and in every running moment alike, so that the model is then the weighted fit with
     * weights the products of every λ and discount applied after each observation. For {@code
     * rls} only ({@link RlsModel#discount}): an {@code ols} model's weights stay 1.
     *
     * @throws IllegalArgumentException unless {@code factor} is in (0, 1]; the model is then unchanged
     * @throws IllegalStateException    for an {@code ols} model, unchanged
     */
    void discount(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1]. Found: " + factor);
        }
        // The target's moments first: unit-weight ones (ols) refuse before anything has changed.
        targetMoments.discount(factor);
        for (RunningMoments feature : featureMoments) {
            feature.discount(factor);
        }
        qr.forget(factor);
        fit = null;
    }

    @Override
    public ModelSnapshot snapshot() {
        LeastSquaresFit current = currentFit();
        int offset = intercept ? 1 : 0;
        double targetSd = targetMoments.standardDeviation();
        List<ModelSnapshot.Coefficient> coefficients = new ArrayList<>(parameters());
        List<String> aliased = new ArrayList<>();
        if (intercept) {
            boolean interceptAliased = current.aliased(0);
            coefficients.add(new ModelSnapshot.Coefficient(INTERCEPT_NAME, current.coefficient(0),
                    current.standardError(0), current.hasResidualDf() && !interceptAliased ? 0 : Double.NaN,
                    current.pValue(0), interceptAliased));
            if (interceptAliased) {
                aliased.add(INTERCEPT_NAME);
            }
        }
        for (int i = 0; i < featureNames.size(); i++) {
            double estimate = current.coefficient(i + offset);
            boolean featureAliased = current.aliased(i + offset);
            double standardized = targetSd > 0 && current.hasResidualDf() && !featureAliased
                    ? estimate * featureMoments[i].standardDeviation() / targetSd
                    : Double.NaN;
            coefficients.add(new ModelSnapshot.Coefficient(featureNames.get(i), estimate,
                    current.standardError(i + offset), standardized, current.pValue(i + offset), featureAliased));
            if (featureAliased) {
                aliased.add(featureNames.get(i));
            }
        }
        return new ModelSnapshot(kind(), coefficients, current.rSquared(), current.adjustedRSquared(),
                current.residualStdError(), observations(), current.identified(), aliased,
                influenceRanking(current));
    }

    /**
     * Coefficients in snapshot order (intercept first when present): all NaN before the first
     * observation, aliased ones 0 while not identified. A fresh copy.
     */
    public double[] coefficients() {
        return currentFit().coefficients();
    }

    @Override
    public byte[] checkpoint() {
        return LeastSquaresCheckpoint.write(kind(), featureNames, intercept, featureMoments, targetMoments, qr);
    }

    /** How many times the QR factor has been solved; lets tests see that solves are cached. */
    long solves() {
        return solves;
    }

    /** The QR factor's state, for tests that look inside. */
    QrAccumulator.State factorState() {
        return qr.exportState();
    }

    /**
     * Features by |coefficient × sd(feature)|, largest first: the order of |standardized
     * coefficient|, without dividing by sd(target), so that it stays defined for a constant
     * target. Features without a defined influence (sd undefined) follow, then aliased ones; ties
     * keep configured order. Empty before the first observation.
     */
    private List<String> influenceRanking(LeastSquaresFit current) {
        int offset = intercept ? 1 : 0;
        int count = featureNames.size();
        double[] influence = new double[count];
        int[] group = new int[count];
        for (int i = 0; i < count; i++) {
            double estimate = current.coefficient(i + offset);
            if (Double.isNaN(estimate)) {
                return List.of();
            }
            influence[i] = Math.abs(estimate * featureMoments[i].standardDeviation());
            group[i] = current.aliased(i + offset) ? 2 : Double.isNaN(influence[i]) ? 1 : 0;
        }
        return IntStream.range(0, count).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> group[i])
                        .thenComparing(Comparator.comparingDouble((Integer i) -> influence[i]).reversed()))
                .map(featureNames::get)
                .toList();
    }

    private LeastSquaresFit currentFit() {
        if (fit == null) {
            fit = solve();
        }
        return fit;
    }

    private LeastSquaresFit solve() {
        if (observations() == 0) {
            return LeastSquaresFit.notIdentified(parameters());
        }
        solves++;
        // Below n = p + 1 nothing is identified and s² of the full fit is undefined anyway.
        Optional<LeastSquaresFit> full = observations() > parameters()
                ? qr.solve().flatMap(solution -> LeastSquaresFit.identified(solution, intercept, featureMoments,
                        targetMoments, intervalLevel))
                : Optional.empty();
        return full.orElseGet(() -> LeastSquaresFit.basic(qr.exportState(), intercept, featureMoments,
                targetMoments));
    }

    private RunningMoments moments(boolean weighted) {
        return weighted ? new RunningMoments(forgettingFactor) : new RunningMoments();
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
