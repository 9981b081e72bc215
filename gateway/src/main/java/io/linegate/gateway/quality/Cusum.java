package io.linegate.gateway.quality;

import io.linegate.gateway.model.CheckpointException;
import io.linegate.gateway.model.StateEnvelope;

/**
 * Two-sided tabular CUSUM on residuals (method {@code cusum}). After each restart it first learns
 * the residuals' reference mean μ and standard deviation σ over a warm-up of {@code warmup}
 * windows (Welford), then accumulates, with z = (x − μ) / σ,
 *
 * <pre>
 *   upper = max(0, upper + z − k)      lower = max(0, lower − z − k)
 * </pre>
 *
 * and alarms when either exceeds h. So k (the allowance, typically half the shift worth
 * detecting) and h (the decision interval) are in σ units whatever the residuals' units, and the
 * defaults suit raw and standardized residuals alike.
 *
 * <p>μ and σ are held after the warm-up rather than kept running: a shift would otherwise inflate
 * the very σ it is measured in and hide itself. They are learned afresh after every alarm, so a
 * lasting change raises one alarm and the new level becomes the reference. While the warm-up's
 * residuals are all equal (σ = 0) it extends until they are not.
 *
 * <p>Not thread-safe; owned by the line worker, as every {@link DriftDetector}.
 */
public final class Cusum implements DriftDetector {

    /** The {@link #method()} of this detector. */
    public static final String METHOD = "cusum";
    private static final int STATE_BYTES = 6 * Double.BYTES + 1;
    private static final int PARAMETER_BYTES = 2 * Double.BYTES + Integer.BYTES;

    private final double k;
    private final double h;
    private final int warmup;
    private final DriftCheckpoint.Counters counters;
    private boolean armed;
    /** Warm-up moments of the residuals since the restart. */
    private double warmupMean;
    private double warmupSumSquaredDeviations;
    /** Held reference after the warm-up. */
    private double referenceMean;
    private double sigma;
    private double upper;
    private double lower;

    /**
     * @param k      allowance in σ units, at least 0
     * @param h      decision interval in σ units, greater than 0
     * @param warmup windows after a restart that estimate μ and σ, at least 2
     * @throws IllegalArgumentException if a parameter is out of range; the message names it
     */
    public Cusum(double k, double h, int warmup) {
        this(k, h, warmup, new DriftCheckpoint.Counters());
    }

    private Cusum(double k, double h, int warmup, DriftCheckpoint.Counters counters) {
        DriftConfig.checkCusum(k, h, warmup);
        this.k = k;
        this.h = h;
        this.warmup = warmup;
        this.counters = counters;
    }

    /**
     * The CUSUM detector that wrote {@code checkpoint}, with its parameters.
     *
     * @throws CheckpointException if {@code checkpoint} is damaged, of another format version or
     *                             method, or inconsistent
     */
    public static Cusum restore(byte[] checkpoint) {
        return read(DriftCheckpoint.open(checkpoint, METHOD));
    }

    /** Reads the rest of a checkpoint whose method was read already. */
    static Cusum read(StateEnvelope.Reader reader) {
        double k = reader.getDouble();
        double h = reader.getDouble();
        int warmup = reader.getInt();
        DriftCheckpoint.Counters counters = DriftCheckpoint.Counters.read(reader);
        Cusum detector;
        try {
            detector = new Cusum(k, h, warmup, counters);
        } catch (IllegalArgumentException e) {
            throw reader.malformed(e.getMessage());
        }
        int armedFlag = reader.getByte();
        detector.armed = armedFlag == 1;
        detector.warmupMean = reader.getDouble();
        detector.warmupSumSquaredDeviations = reader.getDouble();
        detector.referenceMean = reader.getDouble();
        detector.sigma = reader.getDouble();
        detector.upper = reader.getDouble();
        detector.lower = reader.getDouble();
        reader.finish();
        boolean consistent = armedFlag <= 1 && Double.isFinite(detector.warmupMean)
                && detector.warmupSumSquaredDeviations >= 0 && Double.isFinite(detector.referenceMean)
                && (detector.armed ? detector.sigma > 0 && Double.isFinite(detector.sigma) : detector.sigma == 0)
                && detector.upper >= 0 && detector.lower >= 0;
        if (!consistent) {
            throw reader.malformed("state armed " + armedFlag + ", warm-up mean " + detector.warmupMean
                    + " and squared deviations " + detector.warmupSumSquaredDeviations + ", reference "
                    + detector.referenceMean + " σ " + detector.sigma + ", upper " + detector.upper + ", lower "
                    + detector.lower);
        }
        return detector;
    }

    @Override
    public String method() {
        return METHOD;
    }

    public double k() {
        return k;
    }

    public double h() {
        return h;
    }

    public int warmup() {
        return warmup;
    }

    @Override
    public boolean update(double residual) {
        if (!Double.isFinite(residual)) {
            throw new IllegalArgumentException("residual must be finite. Found: " + residual);
        }
        counters.updates++;
        counters.sinceRestart++;
        if (!armed) {
            double deviation = residual - warmupMean;
            warmupMean += deviation / counters.sinceRestart;
            warmupSumSquaredDeviations += deviation * (residual - warmupMean);
            if (counters.sinceRestart >= warmup && warmupSumSquaredDeviations > 0) {
                armed = true;
                referenceMean = warmupMean;
                sigma = Math.sqrt(warmupSumSquaredDeviations / (counters.sinceRestart - 1));
            }
            return false;
        }
        double z = (residual - referenceMean) / sigma;
        upper = Math.max(0, upper + z - k);
        lower = Math.max(0, lower - z - k);
        if (!(upper > h || lower > h)) {
            return false;
        }
        counters.alarm(upper >= lower ? 1 : -1);
        reset();
        return true;
    }

    @Override
    public void reset() {
        counters.sinceRestart = 0;
        armed = false;
        warmupMean = 0;
        warmupSumSquaredDeviations = 0;
        referenceMean = 0;
        sigma = 0;
        upper = 0;
        lower = 0;
    }

    /** The reference σ held since the warm-up ended; NaN while warming up. */
    public double sigma() {
        return armed ? sigma : Double.NaN;
    }

    @Override
    public DriftState state() {
        return new DriftState(METHOD, counters.updates, counters.alarms, counters.lastAlarmUpdate,
                counters.lastAlarmDirection, counters.sinceRestart, armed, upper, lower, h);
    }

    @Override
    public byte[] checkpoint() {
        StateEnvelope.Writer writer = DriftCheckpoint.writer(METHOD, PARAMETER_BYTES + STATE_BYTES)
                .putDouble(k)
                .putDouble(h)
                .putInt(warmup);
        counters.write(writer);
        return writer.putByte(armed ? 1 : 0)
                .putDouble(warmupMean)
                .putDouble(warmupSumSquaredDeviations)
                .putDouble(referenceMean)
                .putDouble(sigma)
                .putDouble(upper)
                .putDouble(lower)
                .finish();
    }
}
