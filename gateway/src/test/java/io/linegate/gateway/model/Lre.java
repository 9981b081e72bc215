package io.linegate.gateway.model;

/**
 * Log relative error, the measure NIST StRD results are reported in (McCullough 1998): the number
 * of significant digits an estimate shares with a certified value.
 */
final class Lre {

    /** NIST certifies 15 significant digits, so agreement beyond that is not measurable. */
    static final double MAX = 15;

    private Lre() {
    }

    /**
     * {@code −log10(|estimate − certified| / |certified|)}, or {@code −log10(|estimate|)} when the
     * certified value is 0; capped at {@link #MAX}; 0 for a NaN or infinite estimate.
     */
    static double of(double estimate, double certified) {
        if (!Double.isFinite(estimate)) {
            return 0;
        }
        double error = certified == 0
                ? Math.abs(estimate)
                : Math.abs(estimate - certified) / Math.abs(certified);
        if (error == 0) {
            return MAX;
        }
        return Math.max(0, Math.min(MAX, -Math.log10(error)));
    }
}
