package io.linegate.gateway.model;

/**
 * Running mean and sum of squared deviations of one variable, by Welford's update, so that
 * variances stay accurate when the mean is large next to the spread (a one-pass
 * {@code Σx² − (Σx)²/n} would cancel catastrophically there).
 *
 * <p>Owned by the model that owns it; not thread-safe.
 */
final class RunningMoments {

    private long count;
    private double mean;
    private double sumSquaredDeviations;

    /** No values yet. */
    RunningMoments() {
    }

    /**
     * Moments that continue from a checkpoint, taking the values their accessors returned.
     * Infinities and NaN, which finite values reach only by overflowing a double, are carried as
     * they are.
     *
     * @throws IllegalArgumentException if the three cannot describe any sequence of values
     */
    RunningMoments(long count, double mean, double sumSquaredDeviations) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be at least 0. Found: " + count);
        }
        if (count == 0 && !(Double.isNaN(mean) && sumSquaredDeviations == 0)) {
            throw new IllegalArgumentException("with count 0, mean must be NaN and the sum of squared deviations 0."
                    + " Found: " + mean + " and " + sumSquaredDeviations);
        }
        if (sumSquaredDeviations < 0) {
            throw new IllegalArgumentException(
                    "sum of squared deviations must not be negative. Found: " + sumSquaredDeviations);
        }
        this.count = count;
        this.mean = count == 0 ? 0 : mean;
        this.sumSquaredDeviations = sumSquaredDeviations;
    }

    void add(double value) {
        count++;
        double delta = value - mean;
        mean += delta / count;
        sumSquaredDeviations += delta * (value - mean);
    }

    long count() {
        return count;
    }

    /** Mean, NaN before the first value. */
    double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** {@code Σ(x − mean)²}; 0 before the first value and exactly 0 while every value is equal. */
    double sumSquaredDeviations() {
        return sumSquaredDeviations;
    }

    /** {@code Σx²}, the uncentred sum of squares. */
    double sumSquares() {
        return sumSquaredDeviations + count * mean * mean;
    }

    /** Sample standard deviation (n − 1 denominator), NaN with fewer than two values. */
    double standardDeviation() {
        return count < 2 ? Double.NaN : Math.sqrt(sumSquaredDeviations / (count - 1));
    }
}
