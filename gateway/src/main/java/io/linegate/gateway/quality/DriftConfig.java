package io.linegate.gateway.quality;

import java.util.Locale;
import java.util.Objects;

/**
 * A line's drift settings ({@code lines.<line>.drift}): which detector watches the residuals, its
 * parameters, and how the line reacts to an alarm. Only the parameters of the chosen method
 * matter, but all are validated, so a typo in an unused one is still caught. The reaction is
 * data: the line worker applies it.
 *
 * <p>Defaults assume {@code standardize}: residuals in σ units
 * ({@link DriftDetector#standardizedResidual}). Measured on standard normal residuals
 * ({@code DriftDetectionTest}, 50 streams of 100,000 stable windows and 200 shifted runs): the
 * default CUSUM raised at most 4 false alarms per 100,000 windows (37 in all 5 million) and found
 * a 1σ shift after a median of 21 windows (max 62), a 3σ shift after 5 (max 8); Page-Hinkley at
 * most 2 (4 in all), 23 (max 77) and 5 (max 8).
 *
 * @param method        {@code page-hinkley}, {@code cusum} (default) or {@code none}
 * @param standardize   feed the detector residuals divided by the σ their prediction interval
 *                      implies, not raw residuals (default true)
 * @param delta         Page-Hinkley: change tolerated, in residual units, at least 0 (default 0.5)
 * @param lambda        Page-Hinkley: alarm threshold, in residual units, greater than 0 (default 12)
 * @param minInstances  Page-Hinkley: windows after a restart before it may alarm, at least 1
 *                      (default 30)
 * @param k             CUSUM: allowance in σ units, at least 0 (default 0.5)
 * @param h             CUSUM: decision interval in σ units, greater than 0 (default 12)
 * @param warmup        CUSUM: windows after a restart that learn the reference mean and σ,
 *                      at least 2 (default 100)
 * @param reaction      what the line does on an alarm: {@code none} (default: report it only),
 *                      {@code forget} or {@code reset}
 * @param forgetFactor  {@code forget}: the forgetting factor used meanwhile, in (0, 1) (default 0.8)
 * @param forgetWindows {@code forget}: windows the faster forgetting lasts, at least 1 (default 30)
 */
public record DriftConfig(
        Method method,
        boolean standardize,
        double delta,
        double lambda,
        int minInstances,
        double k,
        double h,
        int warmup,
        Reaction reaction,
        double forgetFactor,
        int forgetWindows) {

    public static final double DEFAULT_DELTA = 0.5;
    public static final double DEFAULT_LAMBDA = 12;
    public static final int DEFAULT_MIN_INSTANCES = 30;
    public static final double DEFAULT_K = 0.5;
    public static final double DEFAULT_H = 12;
    public static final int DEFAULT_WARMUP = 100;
    public static final double DEFAULT_FORGET_FACTOR = 0.8;
    public static final int DEFAULT_FORGET_WINDOWS = 30;
    /** Upper bound of every window count here, so that counts stay far from overflow. */
    public static final int MAX_WINDOWS = 10_000_000;

    /** How residuals are watched. */
    public enum Method {
        /** {@link PageHinkley}. */
        PAGE_HINKLEY,
        /** {@link Cusum}. */
        CUSUM,
        /** Residuals are not watched. */
        NONE;

        /** The name as written in config and published, e.g. {@code "page-hinkley"}. */
        public String id() {
            return spelling(this);
        }
    }

    /** What a line does when its detector alarms. */
    public enum Reaction {
        /** Report the alarm only. */
        NONE,
        /** Forget faster ({@code forgetFactor}) for {@code forgetWindows} windows, then return to normal. */
        FORGET,
        /** Start the model from zero. */
        RESET;

        /** The name as written in config and published, e.g. {@code "forget"}. */
        public String id() {
            return spelling(this);
        }
    }

    public DriftConfig {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reaction, "reaction");
        checkPageHinkley(delta, lambda, minInstances);
        checkCusum(k, h, warmup);
        if (!(forgetFactor > 0 && forgetFactor < 1)) {
            throw new IllegalArgumentException("forgetFactor must be in (0, 1). Found: " + forgetFactor);
        }
        checkWindows("forgetWindows", forgetWindows, 1);
    }

    /** Method {@code cusum}, standardized residuals, reaction {@code none}, every parameter at its default. */
    public static DriftConfig defaults() {
        return new DriftConfig(Method.CUSUM, true, DEFAULT_DELTA, DEFAULT_LAMBDA, DEFAULT_MIN_INSTANCES, DEFAULT_K,
                DEFAULT_H, DEFAULT_WARMUP, Reaction.NONE, DEFAULT_FORGET_FACTOR, DEFAULT_FORGET_WINDOWS);
    }

    /** These settings with another method. */
    public DriftConfig withMethod(Method other) {
        return new DriftConfig(other, standardize, delta, lambda, minInstances, k, h, warmup, reaction,
                forgetFactor, forgetWindows);
    }

    /** These settings with another reaction. */
    public DriftConfig withReaction(Reaction other) {
        return new DriftConfig(method, standardize, delta, lambda, minInstances, k, h, warmup, other, forgetFactor,
                forgetWindows);
    }

    static void checkPageHinkley(double delta, double lambda, int minInstances) {
        if (!(delta >= 0 && delta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("delta must be finite and at least 0. Found: " + delta);
        }
        if (!(lambda > 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("lambda must be finite and greater than 0. Found: " + lambda);
        }
        checkWindows("minInstances", minInstances, 1);
    }

    static void checkCusum(double k, double h, int warmup) {
        if (!(k >= 0 && k < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("k must be finite and at least 0. Found: " + k);
        }
        if (!(h > 0 && h < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("h must be finite and greater than 0. Found: " + h);
        }
        checkWindows("warmup", warmup, 2);
    }

    private static void checkWindows(String key, int windows, int least) {
        if (windows < least || windows > MAX_WINDOWS) {
            throw new IllegalArgumentException(
                    key + " must be in [" + least + ", " + MAX_WINDOWS + "] windows. Found: " + windows);
        }
    }

    private static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
