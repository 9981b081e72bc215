package io.linegate.sim;

import java.util.SplittableRandom;

/**
 * A seeded random stream with the few distributions the simulator needs. Every line draws
 * from its own streams (truth, features, noise), derived from the fleet seed and the line's
 * index, so a line's data depends neither on the number of lines nor on the noise level.
 *
 * <p>Gaussians use the polar Box-Muller method here rather than the JDK's, so the data stays
 * the same across JDK versions. Not thread-safe; owned by one {@link LineProcess}.
 */
final class SimRandom {

    /**
     * Independent streams of one line. New streams go at the end: a stream's seed depends on
     * its ordinal, so the existing data stays the same.
     */
    enum Stream { TRUTH, FEATURES, NOISE, SCENARIO }

    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpareGaussian;

    private SimRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    static SimRandom of(long fleetSeed, int lineIndex, Stream stream) {
        long lineSeed = mix(fleetSeed + 0x9E3779B97F4A7C15L * (lineIndex + 1L));
        return new SimRandom(mix(lineSeed ^ (0xD1B54A32D192ED03L * (stream.ordinal() + 1L))));
    }

    /** Uniform in [min, max). */
    double uniform(double min, double max) {
        return min + random.nextDouble() * (max - min);
    }

    /** True with probability {@code p}. */
    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** Standard normal. */
    double gaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * factor;
        hasSpareGaussian = true;
        return u * factor;
    }

    /** SplitMix64's finalizer: spreads nearby seeds over the whole 64-bit space. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
