package io.linegate.gateway.quality;

/**
 * A sum kept to about one rounding error however many terms it has, by Neumaier's variant of
 * Kahan summation: the low-order bits each addition loses are collected in a compensation and
 * added back when the sum is read. A lifetime of ten million scored windows would otherwise drift
 * by up to n·ε relative.
 *
 * <p>Owned by whoever owns the scores; not thread-safe.
 */
final class CompensatedSum {

    private double sum;
    private double compensation;

    CompensatedSum() {
    }

    /** Continues from the two values {@link #rawSum()} and {@link #compensation()} returned. */
    CompensatedSum(double rawSum, double compensation) {
        this.sum = rawSum;
        this.compensation = compensation;
    }

    void add(double value) {
        double t = sum + value;
        if (Math.abs(sum) >= Math.abs(value)) {
            compensation += (sum - t) + value;
        } else {
            compensation += (value - t) + sum;
        }
        sum = t;
    }

    /** The sum, compensated. */
    double value() {
        return sum + compensation;
    }

    double rawSum() {
        return sum;
    }

    double compensation() {
        return compensation;
    }
}
