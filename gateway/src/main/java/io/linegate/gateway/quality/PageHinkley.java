package io.linegate.gateway.quality;

import io.linegate.gateway.model.CheckpointException;
import io.linegate.gateway.model.StateEnvelope;

/**
 * Two-sided Page-Hinkley test on residuals (method {@code page-hinkley}). With x̄ the running mean
 * of the residuals since the last restart, it accumulates
 *
 * <pre>
 *   upper = max(0, upper + x − x̄ − δ)      lower = max(0, lower + x̄ − x − δ)
 * </pre>
 *
 * and alarms when either exceeds λ, once at least {@code minInstances} residuals were seen. These
 * are the textbook m<sub>T</sub> − min m<sub>t</sub> statistics written as recursions, so they stay
 * bounded on a long stable stream instead of drifting by −δ per window.
 *
 * <p>δ is the size of change tolerated and λ the evidence needed, both in the residual's units:
 * σ units for {@linkplain DriftDetector#standardizedResidual standardized} residuals, which the
 * defaults assume. Because x̄ includes the shifted residuals, a change is measured against a
 * mean that follows it; a change seen soon after a restart is detected more slowly.
 *
 * <p>Not thread-safe; owned by the line worker, as every {@link DriftDetector}.
 */
public final class PageHinkley implements DriftDetector {

    /** The {@link #method()} of this detector. */
    public static final String METHOD = "page-hinkley";
    private static final int STATE_BYTES = 3 * Double.BYTES;
    private static final int PARAMETER_BYTES = 2 * Double.BYTES + Integer.BYTES;

    private final double delta;
    private final double lambda;
    private final int minInstances;
    private final DriftCheckpoint.Counters counters;
    private double mean;
    private double upper;
    private double lower;

    /**
     * @param delta        magnitude of change tolerated per window, at least 0
     * @param lambda       alarm threshold, greater than 0
     * @param minInstances residuals after a restart before an alarm may be raised, at least 1
     * @throws IllegalArgumentException if a parameter is out of range; the message names it
     */
    public PageHinkley(double delta, double lambda, int minInstances) {
        this(delta, lambda, minInstances, new DriftCheckpoint.Counters());
    }

    private PageHinkley(double delta, double lambda, int minInstances, DriftCheckpoint.Counters counters) {
        DriftConfig.checkPageHinkley(delta, lambda, minInstances);
        this.delta = delta;
        this.lambda = lambda;
        this.minInstances = minInstances;
        this.counters = counters;
    }

    /**
     * The Page-Hinkley detector that wrote {@code checkpoint}, with its parameters.
     *
     * @throws CheckpointException if {@code checkpoint} is damaged, of another format version or
     *                             method, or inconsistent
     */
    public static PageHinkley restore(byte[] checkpoint) {
        return read(DriftCheckpoint.open(checkpoint, METHOD));
    }

    /** Reads the rest of a checkpoint whose method was read already. */
    static PageHinkley read(StateEnvelope.Reader reader) {
        double delta = reader.getDouble();
        double lambda = reader.getDouble();
        int minInstances = reader.getInt();
        DriftCheckpoint.Counters counters = DriftCheckpoint.Counters.read(reader);
        PageHinkley detector;
        try {
            detector = new PageHinkley(delta, lambda, minInstances, counters);
        } catch (IllegalArgumentException e) {
            throw reader.malformed(e.getMessage());
        }
        detector.mean = reader.getDouble();
        detector.upper = reader.getDouble();
        detector.lower = reader.getDouble();
        reader.finish();
        if (!Double.isFinite(detector.mean) || !(detector.upper >= 0) || !(detector.lower >= 0)) {
            throw reader.malformed("state mean " + detector.mean + ", upper " + detector.upper + ", lower "
                    + detector.lower);
        }
        return detector;
    }

    @Override
    public String method() {
        return METHOD;
    }

    public double delta() {
        return delta;
    }

    public double lambda() {
        return lambda;
    }

    public int minInstances() {
        return minInstances;
    }

    @Override
    public boolean update(double residual) {
        if (!Double.isFinite(residual)) {
            throw new IllegalArgumentException("residual must be finite. Found: " + residual);
        }
        counters.updates++;
        counters.sinceRestart++;
        mean += (residual - mean) / counters.sinceRestart;
        upper = Math.max(0, upper + residual - mean - delta);
        lower = Math.max(0, lower + mean - residual - delta);
        if (counters.sinceRestart < minInstances || !(upper > lambda || lower > lambda)) {
            return false;
        }
        counters.alarm(upper >= lower ? 1 : -1);
        reset();
        return true;
    }

    @Override
    public void reset() {
        counters.sinceRestart = 0;
        mean = 0;
        upper = 0;
        lower = 0;
    }

    @Override
    public DriftState state() {
        return new DriftState(METHOD, counters.updates, counters.alarms, counters.lastAlarmUpdate,
                counters.lastAlarmDirection, counters.sinceRestart, counters.sinceRestart >= minInstances, upper,
                lower, lambda);
    }

    @Override
    public byte[] checkpoint() {
        StateEnvelope.Writer writer = DriftCheckpoint.writer(METHOD, PARAMETER_BYTES + STATE_BYTES)
                .putDouble(delta)
                .putDouble(lambda)
                .putInt(minInstances);
        counters.write(writer);
        return writer.putDouble(mean).putDouble(upper).putDouble(lower).finish();
    }
}
