package io.linegate.gateway.model;

import java.util.List;

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
 * reports {@code identified = false}, names the aliased coefficients (0) and gives the others as
 * the least-squares fit without them, as R's {@code lm} does, instead of meaningless huge or NaN
 * ones.
 *
 * <p>Coefficient p-values are the two-sided Student-t tests of coefficient = 0 with n − p degrees
 * of freedom.
 */
public final class OlsModel extends LeastSquaresModel {

    /** The {@link #kind()} of this model. */
    public static final String KIND = "ols";
    /** Coverage of prediction intervals unless configured otherwise. */
    public static final double DEFAULT_INTERVAL_LEVEL = 0.95;
    /** Name of the intercept in {@link ModelSnapshot#coefficients()}. */
    public static final String INTERCEPT = INTERCEPT_NAME;

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
        super(featureNames, intercept, intervalLevel, minObservations, 1, false);
    }

    private OlsModel(OlsModel configured, LeastSquaresCheckpoint saved) {
        super(configured, saved);
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
        return new OlsModel(configured, LeastSquaresCheckpoint.read(KIND, checkpoint));
    }

    /**
     * Default and smallest {@code minObservations}: parameters (features, plus one for the
     * intercept) + 1, the fewest observations that leave a residual degree of freedom.
     */
    public static int defaultMinObservations(int featureCount, boolean intercept) {
        return LeastSquaresModel.defaultMinObservations(featureCount, intercept);
    }

    @Override
    public String kind() {
        return KIND;
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
        return super.checkpoint();
    }
}
