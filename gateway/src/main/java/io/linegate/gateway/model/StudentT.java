package io.linegate.gateway.model;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Two-sided Student-t quantiles for prediction intervals, computed once per (level, degrees of
 * freedom) instead of once per solve: Commons Math finds each by a root search over the
 * regularized incomplete beta function, which cost a line about ten times its whole model
 * update (JMH, {@code ModelBenchmark.predictThenLearn}).
 *
 * <p>Below {@value #EXPANSION_DF} degrees of freedom the exact quantile is cached; a line's degrees
 * of freedom take each value once ({@code ols}) or settle at a fixed value ({@code rls}), so the
 * cache stays small (it is cleared should it ever pass {@value #MAX_CACHED} entries). From
 * {@value #EXPANSION_DF} on, the Cornish-Fisher expansion to the fourth order (Abramowitz and
 * Stegun 26.7.5) is used: its error there is below 1e-12 relative.
 *
 * <p>Thread-safe: line workers share it.
 */
public final class StudentT {

    static final double EXPANSION_DF = 1_000;
    static final int MAX_CACHED = 100_000;

    private static final ConcurrentHashMap<Long, Double> NORMAL = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Key, Double> EXACT = new ConcurrentHashMap<>();

    private record Key(double level, double df) {
    }

    private StudentT() {
    }

    /** The t quantile at {@code (1 + level) / 2}: ŷ ± it · se covers {@code level}. */
    static double twoSidedQuantile(double level, double df) {
        if (df >= EXPANSION_DF) {
            return expansion(normalQuantile(level), df);
        }
        if (EXACT.size() > MAX_CACHED) {
            EXACT.clear();
        }
        return EXACT.computeIfAbsent(new Key(level, df),
                k -> new TDistribution(null, k.df()).inverseCumulativeProbability((1 + k.level()) / 2));
    }

    /** The standard normal quantile at {@code (1 + level) / 2}, cached per level. */
    public static double normalQuantile(double level) {
        return NORMAL.computeIfAbsent(Double.doubleToLongBits(level),
                bits -> new NormalDistribution(null, 0, 1).inverseCumulativeProbability((1 + level) / 2));
    }

    /** Cornish-Fisher expansion of the t quantile in powers of 1/ν around the normal quantile z. */
    static double expansion(double z, double df) {
        double z2 = z * z;
        double g1 = z * (z2 + 1) / 4;
        double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
        double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
        double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92_160;
        return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
    }
}
