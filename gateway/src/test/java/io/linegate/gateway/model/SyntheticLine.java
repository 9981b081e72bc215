package io.linegate.gateway.model;

import java.util.Random;

/**
 * A seeded stream of (features, target) from a known linear model with Gaussian noise. Features
 * get different means and scales so that the design is not trivially well conditioned.
 */
final class SyntheticLine {

    private final Random random;
    private final double[] means;
    private final double[] scales;
    private final double[] slopes;
    private final double interceptValue;
    private final double noiseSd;

    SyntheticLine(long seed, int featureCount, boolean intercept, double noiseSd) {
        this.random = new Random(seed);
        this.means = new double[featureCount];
        this.scales = new double[featureCount];
        this.slopes = new double[featureCount];
        for (int i = 0; i < featureCount; i++) {
            means[i] = -50 + 100 * random.nextDouble();
            scales[i] = Math.pow(10, -1 + 2 * random.nextDouble());
            slopes[i] = (random.nextBoolean() ? 1 : -1) * (0.5 + 2.5 * random.nextDouble());
        }
        this.interceptValue = intercept ? -10 + 20 * random.nextDouble() : 0;
        this.noiseSd = noiseSd;
    }

    double[] nextFeatures() {
        double[] x = new double[means.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = means[i] + scales[i] * random.nextGaussian();
        }
        return x;
    }

    /** The noise-free target at {@code x}. */
    double mean(double[] x) {
        double value = interceptValue;
        for (int i = 0; i < x.length; i++) {
            value += slopes[i] * x[i];
        }
        return value;
    }

    double nextTarget(double[] x) {
        return mean(x) + noiseSd * random.nextGaussian();
    }
}
