package io.linegate.gateway.quality;

import io.linegate.gateway.model.CheckpointException;
import io.linegate.gateway.model.StateEnvelope;
import io.linegate.gateway.model.ModelPrediction;

/**
 * Online scores of a line's honest predictions (DESIGN §3.3): the line worker calls
 * {@link #record} once per closed window that has both a prediction, made before the model
 * learned that window, and an observed actual. {@link #scores()} then reports MAE, RMSE, R²,
 * interval coverage and mean bias over the line's whole life and over the most recent
 * {@link #horizon()} windows.
 *
 * <p>The recent figures are those of exactly the last {@code horizon} predictions, not an
 * exponentially weighted approximation: they live in a ring buffer and are summarized by merging,
 * never by subtracting what leaves the window ({@link SlidingSpan}), so one wild prediction does
 * not leave rounding debris behind once it has left. Lifetime sums are compensated
 * ({@link CompensatedSum}), the actuals' spread is kept by a compensated Welford update, and the
 * recent window summarizes actuals less a recent mean. Over ten million windows whose actuals'
 * mean is a million times their spread every figure stays within 4e-14 relative of exact
 * arithmetic ({@code OnlineScoresStabilityTest}).
 *
 * <p>Not thread-safe. Owned by the line worker that owns the line's model, which alone calls
 * every method; {@link Scores} snapshots and checkpoints are fresh values it may hand to any
 * thread. Memory is about 100 bytes per window of horizon (10 kB at the default).
 */
public final class OnlineScores {

    /** Recent windows scored unless configured otherwise. */
    public static final int DEFAULT_HORIZON = 100;
    /** Largest horizon accepted: bounds a line's window at about 10 MB. */
    public static final int MAX_HORIZON = 100_000;

    static final int FORMAT_VERSION = 1;
    private static final String WHAT = "online scores checkpoint";
    private static final int RECORD_BYTES = 2 * Double.BYTES + 1;

    private final SlidingSpan recent;
    private final SpanSummary scratch = new SpanSummary();
    private long count;
    private long covered;
    private final CompensatedSum sumAbsolute;
    private final CompensatedSum sumSquares;
    private final CompensatedSum sumResiduals;
    private double actualMean;
    private final CompensatedSum actualSumSquaredDeviations;

    /** Scores with the {@linkplain #DEFAULT_HORIZON default horizon}. */
    public OnlineScores() {
        this(DEFAULT_HORIZON);
    }

    /**
     * @param horizon recent windows scored, 1 to {@link #MAX_HORIZON}
     * @throws IllegalArgumentException if {@code horizon} is out of range
     */
    public OnlineScores(int horizon) {
        this(new SlidingSpan(checkedHorizon(horizon)), new CompensatedSum(), new CompensatedSum(),
                new CompensatedSum(), new CompensatedSum());
    }

    private OnlineScores(SlidingSpan recent, CompensatedSum sumAbsolute, CompensatedSum sumSquares,
            CompensatedSum sumResiduals, CompensatedSum actualSumSquaredDeviations) {
        this.recent = recent;
        this.sumAbsolute = sumAbsolute;
        this.sumSquares = sumSquares;
        this.sumResiduals = sumResiduals;
        this.actualSumSquaredDeviations = actualSumSquaredDeviations;
    }

    /**
     * Scores one window.
     *
     * @param predicted the honest prediction, finite
     * @param actual    the observed target, finite
     * @param lower     lower bound of the prediction interval; may be {@code -∞}
     * @param upper     upper bound, at least {@code lower}; may be {@code +∞}
     * @throws IllegalArgumentException if a value is NaN, a point value is infinite, the interval
     *                                  is reversed, or {@code actual − predicted} overflows; the
     *                                  scores are then unchanged
     */
    public void record(double predicted, double actual, double lower, double upper) {
        if (!Double.isFinite(predicted)) {
            throw new IllegalArgumentException("predicted must be finite. Found: " + predicted);
        }
        if (!Double.isFinite(actual)) {
            throw new IllegalArgumentException("actual must be finite. Found: " + actual);
        }
        if (!(lower <= upper)) {
            throw new IllegalArgumentException(
                    "interval must satisfy lower <= upper. Found: [" + lower + ", " + upper + "]");
        }
        double residual = actual - predicted;
        if (!Double.isFinite(residual)) {
            throw new IllegalArgumentException("actual - predicted overflows. Found: " + actual + " - " + predicted);
        }
        boolean inside = lower <= actual && actual <= upper;

        count++;
        if (inside) {
            covered++;
        }
        sumAbsolute.add(Math.abs(residual));
        sumSquares.add(residual * residual);
        sumResiduals.add(residual);
        double delta = actual - actualMean;
        actualMean += delta / count;
        actualSumSquaredDeviations.add(delta * (actual - actualMean));
        recent.add(residual, actual, inside);
    }

    /** Scores {@code prediction} against {@code actual}, as {@link #record(double, double, double, double)}. */
    public void record(ModelPrediction prediction, double actual) {
        record(prediction.value(), actual, prediction.lower(), prediction.upper());
    }

    /** Lifetime and recent scores as of now. */
    public Scores scores() {
        recent.summarize(scratch);
        Scores.Span lifetime = Scores.Span.of(count, sumAbsolute.value(), sumSquares.value(), sumResiduals.value(),
                covered, actualSumSquaredDeviations.value());
        return new Scores(recent.capacity(), lifetime, scratch.toSpan());
    }

    /** Recent windows scored once that many have been recorded. */
    public int horizon() {
        return recent.capacity();
    }

    /** Predictions scored in the lifetime. */
    public long count() {
        return count;
    }

    /**
     * The whole state, from which {@link #restore} resumes bit for bit: the lifetime sums with
     * their compensations, and the recent window's residuals, actuals and coverage flags. Format
     * version 1:
     *
     * <pre>
     *   version 1 | horizon (int) | count, covered (long)
     *   | Σ|e|, Σe², Σe, Σ(actual − mean)² (sum and compensation each) | actual mean
     *   | window size, front count (int), shift (double)
     *   | per window, oldest first: residual, actual (double), inside (byte 0/1) | CRC-32C
     * </pre>
     *
     * About 100 bytes plus 17 per window held (1.8 kB at the default horizon). Leaves the scores
     * as they were; the array is fresh and the caller's.
     */
    public byte[] checkpoint() {
        int size = recent.size();
        StateEnvelope.Writer writer = new StateEnvelope.Writer(FORMAT_VERSION,
                Integer.BYTES + 2 * Long.BYTES + 10 * Double.BYTES + 2 * Integer.BYTES + size * RECORD_BYTES)
                .putInt(recent.capacity())
                .putLong(count)
                .putLong(covered);
        for (CompensatedSum sum : new CompensatedSum[] {sumAbsolute, sumSquares, sumResiduals,
                actualSumSquaredDeviations}) {
            writer.putDouble(sum.rawSum()).putDouble(sum.compensation());
        }
        writer.putDouble(actualMean)
                .putInt(size)
                .putInt(recent.frontCount())
                .putDouble(recent.shift());
        for (int age = 0; age < size; age++) {
            writer.putDouble(recent.residual(age)).putDouble(recent.actual(age)).putByte(recent.inside(age) ? 1 : 0);
        }
        return writer.finish();
    }

    /**
     * Scores that continue exactly where the ones that wrote {@code checkpoint} were, horizon
     * included: fed the same windows, they report bit for bit the same figures.
     *
     * @param checkpoint what {@link #checkpoint()} returned
     * @throws CheckpointException if {@code checkpoint} is truncated, corrupted, of another format
     *                             version or inconsistent; the message says which
     */
    public static OnlineScores restore(byte[] checkpoint) {
        StateEnvelope.Reader reader = new StateEnvelope.Reader(checkpoint, FORMAT_VERSION, WHAT);
        int horizon = reader.getInt();
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw reader.malformed("horizon " + horizon + " is outside [1, " + MAX_HORIZON + "]");
        }
        long count = reader.getLong();
        long covered = reader.getLong();
        if (count < 0 || covered < 0 || covered > count) {
            throw reader.malformed("counts are inconsistent: " + covered + " covered of " + count);
        }
        CompensatedSum[] sums = new CompensatedSum[4];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = new CompensatedSum(reader.getDouble(), reader.getDouble());
        }
        double actualMean = reader.getDouble();
        if (!(sums[3].value() >= 0) || !Double.isFinite(actualMean)) {
            throw reader.malformed("the actuals' mean " + actualMean + " and squared deviations " + sums[3].value()
                    + " describe no values");
        }
        int size = reader.getInt();
        int frontCount = reader.getInt();
        if (size < 0 || size > horizon || size > count || frontCount < 0 || frontCount > size) {
            throw reader.malformed("window of " + size + " predictions with front " + frontCount
                    + " does not fit horizon " + horizon + " and count " + count);
        }
        double shift = reader.getDouble();
        if (!Double.isFinite(shift)) {
            throw reader.malformed("shift " + shift + " is not finite");
        }
        if ((long) size * RECORD_BYTES != reader.remaining()) {
            throw reader.malformed(reader.remaining() + " bytes remain for " + size + " windows of " + RECORD_BYTES);
        }
        double[] residuals = new double[size];
        double[] actuals = new double[size];
        boolean[] inside = new boolean[size];
        for (int i = 0; i < size; i++) {
            residuals[i] = reader.getDouble();
            actuals[i] = reader.getDouble();
            int flag = reader.getByte();
            if (!Double.isFinite(residuals[i]) || !Double.isFinite(actuals[i]) || flag > 1) {
                throw reader.malformed("window " + i + " holds residual " + residuals[i] + ", actual " + actuals[i]
                        + ", inside flag " + flag);
            }
            inside[i] = flag == 1;
        }
        reader.finish();
        SlidingSpan recent = SlidingSpan.restore(horizon, residuals, actuals, inside, frontCount, shift);
        OnlineScores scores = new OnlineScores(recent, sums[0], sums[1], sums[2], sums[3]);
        scores.count = count;
        scores.covered = covered;
        scores.actualMean = actualMean;
        return scores;
    }

    private static int checkedHorizon(int horizon) {
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw new IllegalArgumentException("horizon must be in [1, " + MAX_HORIZON + "]. Found: " + horizon);
        }
        return horizon;
    }
}
