package io.linegate.gateway.model;

/**
 * Running mean and sum of squared deviations of one variable, by Welford's update, so that
 * variances stay accurate when the mean is large next to the spread (a one-pass
 * {@code Σx² − (Σx)²/n} would cancel catastrophically there).
 *
 * <p>With a forgetting factor λ &lt; 1 the moments are exponentially weighted: the i-th of n
 * values weighs λⁿ⁻ⁱ, and the update is West's weighted form of Welford's (Comm. ACM 22(9),
 * 1979), which scales the earlier weights and the sum of squared deviations by λ before each
 * value. With λ = 1 every weight is 1, the {@linkplain #weight() weight} is the count, and the
 * arithmetic is Welford's, operation for operation.
 *
 * <p>Owned by the model that owns it; not thread-safe.
 */
final class RunningMoments {

    private final double forgettingFactor;
    private long count;
    private double weight;
    private double mean;
    private double sumSquaredDeviations;

    /** No values yet, every value weighing 1. */
    RunningMoments() {
        this(1);
    }

    /**
     * No values yet, each earlier value's weight multiplied by {@code forgettingFactor} as a new
     * one comes.
     *
     * @throws IllegalArgumentException unless {@code forgettingFactor} is in (0, 1]
     */
    RunningMoments(double forgettingFactor) {
        this.forgettingFactor = checkedForgettingFactor(forgettingFactor);
    }

    /**
     * Unweighted moments that continue from a checkpoint, taking the values their accessors
     * returned.
     *
     * @throws IllegalArgumentException if the three cannot describe any sequence of values
     */
    RunningMoments(long count, double mean, double sumSquaredDeviations) {
        this(1, count, count, mean, sumSquaredDeviations);
    }

    /**
     * Moments that continue from a checkpoint, taking the values their accessors returned.
     * Infinities and NaN, which finite values reach only by overflowing a double, are carried as
     * they are.
     *
     * @throws IllegalArgumentException if the values cannot describe any sequence of values
     *                                  weighted by {@code forgettingFactor}
     */
    RunningMoments(double forgettingFactor, long count, double weight, double mean, double sumSquaredDeviations) {
        this(forgettingFactor);
        if (count < 0) {
            throw new IllegalArgumentException("count must be at least 0. Found: " + count);
        }
        if (count == 0 && !(weight == 0 && Double.isNaN(mean) && sumSquaredDeviations == 0)) {
            throw new IllegalArgumentException("with count 0, weight must be 0, mean NaN and the sum of squared"
                    + " deviations 0. Found: " + weight + ", " + mean + " and " + sumSquaredDeviations);
        }
        // Σλⁿ⁻ⁱ over n values lies in [1, n], and is n when nothing is forgotten.
        if (count > 0 && !(weight >= 1 && weight <= count && (forgettingFactor < 1 || weight == count))) {
            throw new IllegalArgumentException("weight of " + count + " values with forgetting factor "
                    + forgettingFactor + " must be in [1, " + count + "]" + (forgettingFactor < 1 ? "" : " and equal "
                    + count) + ". Found: " + weight);
        }
        if (sumSquaredDeviations < 0) {
            throw new IllegalArgumentException(
                    "sum of squared deviations must not be negative. Found: " + sumSquaredDeviations);
        }
        this.count = count;
        this.weight = weight;
        this.mean = count == 0 ? 0 : mean;
        this.sumSquaredDeviations = sumSquaredDeviations;
    }

    void add(double value) {
        count++;
        if (forgettingFactor < 1) {
            weight = forgettingFactor * weight + 1;
            sumSquaredDeviations *= forgettingFactor;
            // A spread forgotten to below 2⁻¹⁰²² is a constant to every use made of it.
            if (sumSquaredDeviations < Double.MIN_NORMAL) {
                sumSquaredDeviations = 0;
            }
        } else {
            weight = count;
        }
        double delta = value - mean;
        mean += delta / weight;
        sumSquaredDeviations += delta * (value - mean);
    }

    long count() {
        return count;
    }

    /** {@code Σλⁿ⁻ⁱ}, the total weight of the values: the count when nothing is forgotten. */
    double weight() {
        return weight;
    }

    double forgettingFactor() {
        return forgettingFactor;
    }

    /** Weighted mean, NaN before the first value. */
    double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /**
     * {@code Σwᵢ(x − mean)²}; 0 before the first value and exactly 0 while every value is equal.
     */
    double sumSquaredDeviations() {
        return sumSquaredDeviations;
    }

    /** {@code Σwᵢx²}, the uncentred sum of squares. */
    double sumSquares() {
        return sumSquaredDeviations + weight * mean * mean;
    }

    /**
     * Sample standard deviation, {@code √(Σwᵢ(x − mean)² / (Σwᵢ − 1))}: the n − 1 denominator
     * when nothing is forgotten. NaN with fewer than two values.
     */
    double standardDeviation() {
        return count < 2 ? Double.NaN : Math.sqrt(sumSquaredDeviations / (weight - 1));
    }

    static double checkedForgettingFactor(double forgettingFactor) {
        if (!(forgettingFactor > 0 && forgettingFactor <= 1)) {
            throw new IllegalArgumentException("forgettingFactor must be in (0, 1]. Found: " + forgettingFactor);
        }
        return forgettingFactor;
    }
}
