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
 * <p>Weighted moments (those made with a forgetting factor, even 1) may also be {@linkplain
 * #discount discounted}: every weight so far multiplied by a factor, as {@code rls} does between
 * learns. The weights are then the products of every λ and discount applied after each value,
 * and the total weight, no longer tied to the count, lies in (0, count]. Unit-weight moments
 * ({@code ols}) refuse a discount, so their weight is always exactly the count.
 *
 * <p>Owned by the model that owns it; not thread-safe.
 */
final class RunningMoments {

    private final double forgettingFactor;
    /** Every weight is 1 for good: the weight is the count and {@link #discount} is refused. */
    private final boolean unitWeights;
    private long count;
    private double weight;
    private double mean;
    private double sumSquaredDeviations;

    /** No values yet, every value weighing 1 for good. */
    RunningMoments() {
        this(1, true);
    }

    /**
     * No values yet, weighted: each earlier value's weight multiplied by {@code forgettingFactor}
     * as a new one comes, and by the factor of each {@link #discount}.
     *
     * @throws IllegalArgumentException unless {@code forgettingFactor} is in (0, 1]
     */
    RunningMoments(double forgettingFactor) {
        this(forgettingFactor, false);
    }

    private RunningMoments(double forgettingFactor, boolean unitWeights) {
        this.forgettingFactor = checkedForgettingFactor(forgettingFactor);
        this.unitWeights = unitWeights;
    }

    /**
     * Unit-weight moments that continue from a checkpoint, taking the values their accessors
     * returned.
     *
     * @throws IllegalArgumentException if the three cannot describe any sequence of values
     */
    RunningMoments(long count, double mean, double sumSquaredDeviations) {
        this(1, true, count, count, mean, sumSquaredDeviations);
    }

    /**
     * Weighted moments that continue from a checkpoint, taking the values their accessors
     * returned. Infinities and NaN, which finite values reach only by overflowing a double, are
     * carried as they are.
     *
     * @throws IllegalArgumentException if the values cannot describe any sequence of values
     *                                  weighted by {@code forgettingFactor} and discounts
     */
    RunningMoments(double forgettingFactor, long count, double weight, double mean, double sumSquaredDeviations) {
        this(forgettingFactor, false, count, weight, mean, sumSquaredDeviations);
    }

    private RunningMoments(double forgettingFactor, boolean unitWeights, long count, double weight, double mean,
            double sumSquaredDeviations) {
        this(forgettingFactor, unitWeights);
        if (count < 0) {
            throw new IllegalArgumentException("count must be at least 0. Found: " + count);
        }
        if (count == 0 && !(weight == 0 && Double.isNaN(mean) && sumSquaredDeviations == 0)) {
            throw new IllegalArgumentException("with count 0, weight must be 0, mean NaN and the sum of squared"
                    + " deviations 0. Found: " + weight + ", " + mean + " and " + sumSquaredDeviations);
        }
        // Each weight is at most 1, so their sum is at most n, and n when every weight is 1; a
        // discount can take the sum below 1 but, held at the floor, never to 0.
        if (count > 0 && !(weight > 0 && weight <= count && (!unitWeights || weight == count))) {
            throw new IllegalArgumentException("weight of " + count + " values with forgetting factor "
                    + forgettingFactor + " must be in (0, " + count + "]" + (unitWeights ? " and equal " + count : "")
                    + ". Found: " + weight);
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
        } else if (unitWeights) {
            weight = count;
        } else {
            weight += 1; // the count, exactly, until a discount
        }
        double delta = value - mean;
        mean += delta / weight;
        sumSquaredDeviations += delta * (value - mean);
    }

    /**
     * Multiplies the weight of every value so far by {@code factor}: the total weight and the sum
     * of squared deviations are scaled, the mean is unchanged. As in {@link #add}, a sum of squared
     * deviations that would be subnormal becomes 0; the total weight is not scaled below {@link
     * QrAccumulator#FORGET_FLOOR} (the floor of the factor's pivots, the intercept's among them),
     * so it stays positive and the next value, weighing 1, swamps it. {@code factor} = 1 changes
     * nothing, nor does any factor before the first value.
     *
     * @throws IllegalArgumentException unless {@code factor} is in (0, 1]; nothing is then changed
     * @throws IllegalStateException    for unit-weight moments, whose weights are 1 for good
     */
    void discount(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1]. Found: " + factor);
        }
        if (unitWeights) {
            throw new IllegalStateException("unit-weight moments cannot be discounted");
        }
        weight = Math.max(factor * weight, Math.min(weight, QrAccumulator.FORGET_FLOOR));
        sumSquaredDeviations *= factor;
        if (sumSquaredDeviations < Double.MIN_NORMAL) {
            sumSquaredDeviations = 0;
        }
    }

    long count() {
        return count;
    }

    /** {@code Σwᵢ}, the total weight of the values: the count when nothing is forgotten or discounted. */
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
     * when nothing is forgotten. NaN with fewer than two values, and while a discount holds the
     * total weight at or below 1 (until the next value).
     */
    double standardDeviation() {
        return count < 2 || !(weight > 1) ? Double.NaN : Math.sqrt(sumSquaredDeviations / (weight - 1));
    }

    static double checkedForgettingFactor(double forgettingFactor) {
        if (!(forgettingFactor > 0 && forgettingFactor <= 1)) {
            throw new IllegalArgumentException("forgettingFactor must be in (0, 1]. Found: " + forgettingFactor);
        }
        return forgettingFactor;
    }
}
