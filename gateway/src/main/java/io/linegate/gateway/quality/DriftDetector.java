package io.linegate.gateway.quality;

import io.linegate.gateway.model.CheckpointException;
import io.linegate.gateway.model.ModelPrediction;
import io.linegate.gateway.model.StateEnvelope;
import io.linegate.gateway.model.StudentT;
import java.util.Optional;

/**
 * Watches a line's residuals ({@code actual − predicted} of honest predictions, one per window)
 * and raises an alarm when their mean moves away from where it was: the model has drifted from
 * the process. The caller applies the configured {@link DriftConfig.Reaction}.
 *
 * <p>After an alarm the detector restarts as if new (apart from its lifetime counters), so one
 * lasting change raises one alarm, and the next alarm measures change from the new level.
 *
 * <p>Not thread-safe. Owned by the line worker that owns the line's model; only that worker calls
 * it. {@link #state()} and {@link #checkpoint()} return fresh values it may hand to any thread.
 */
public interface DriftDetector {

    /** The method as configured, e.g. {@code "page-hinkley"}. */
    String method();

    /**
     * Takes the next window's residual.
     *
     * @param residual finite; standardized or raw, as the detector's parameters assume
     * @return true exactly on the window the alarm is raised; the detector has then restarted
     * @throws IllegalArgumentException if {@code residual} is not finite; the detector is then unchanged
     */
    boolean update(double residual);

    /**
     * Forgets everything learned since the last restart, as an alarm does: for instance after the
     * caller reset the model. The lifetime counters of {@link #state()} are kept.
     */
    void reset();

    /** What the detector knows now. */
    DriftState state();

    /**
     * Parameters and state as bytes, from which {@link #restore} resumes a detector that alarms
     * exactly when this one would have. Leaves the detector as it was; the array is fresh.
     */
    byte[] checkpoint();

    /**
     * The configured detector, or empty for method {@code none}.
     */
    static Optional<DriftDetector> create(DriftConfig config) {
        return switch (config.method()) {
            case PAGE_HINKLEY -> Optional.of(new PageHinkley(config.delta(), config.lambda(), config.minInstances()));
            case CUSUM -> Optional.of(new Cusum(config.k(), config.h(), config.warmup()));
            case NONE -> Optional.empty();
        };
    }

    /**
     * The detector that wrote {@code checkpoint}, of whichever method, with its parameters.
     *
     * @throws CheckpointException if {@code checkpoint} is truncated, corrupted, of another format
     *                             version or method, or inconsistent; the message says which
     */
    static DriftDetector restore(byte[] checkpoint) {
        StateEnvelope.Reader reader = DriftCheckpoint.open(checkpoint);
        String method = reader.getString();
        return switch (method) {
            case PageHinkley.METHOD -> PageHinkley.read(reader);
            case Cusum.METHOD -> Cusum.read(reader);
            default -> throw reader.malformed("unknown method \"" + method + "\"");
        };
    }

    /**
     * {@code actual − prediction} in units of the σ the prediction's interval implies: the
     * residual divided by the interval's half-width over the normal quantile of its level (1.96 at
     * 95 %). For a well-calibrated model this is about standard normal, whatever the target's units,
     * which is what the default parameters of both detectors assume.
     *
     * @return the standardized residual, or NaN when the interval has no finite, positive width
     *         (the caller then skips the window)
     */
    static double standardizedResidual(ModelPrediction prediction, double actual) {
        double halfWidth = (prediction.upper() - prediction.lower()) / 2;
        if (!(halfWidth > 0 && Double.isFinite(halfWidth))) {
            return Double.NaN;
        }
        double z = StudentT.normalQuantile(prediction.level());
        return (actual - prediction.value()) / (halfWidth / z);
    }
}
