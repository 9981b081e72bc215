package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * Asserts that an {@link OlsModel} agrees with a {@link BatchFit} of the same observations to a
 * relative 1e-9, except where double precision itself cannot tell two correct answers apart
 * that closely; each such floor is derived below from where the rounding comes from.
 */
final class BatchAgreement {

    static final double RELATIVE_TOLERANCE = 1e-9;
    /** Rounding in a residual, as a fraction of ‖y‖: ε = 2.2e-16 with room for a few hundred steps. */
    static final double RESIDUAL_ROUNDING = 1e-13;
    /** R² is stored as a double in [0, 1]: it cannot be closer to another correct R² than a few ulps of 1. */
    static final double UNIT_ROUNDING = 1e-15;
    /**
     * Backward-stable least-squares solvers agree on a coefficient to about κ(X)·ε relative (a
     * few such terms: the batch QR's and this one's); 16 covers them. Near-collinear first rows
     * (features that barely moved yet) make κ large enough for this to exceed 1e-9.
     */
    static final double CONDITIONING_ROUNDING = 16 * Math.ulp(1.0);

    private BatchAgreement() {
    }

    static void assertAgrees(OlsModel model, List<double[]> features, List<Double> targets, boolean intercept) {
        BatchFit batch = new BatchFit(features, targets, intercept);
        ModelSnapshot snapshot = model.snapshot();
        String step = "after " + targets.size() + " observations, ";
        assertThat(snapshot.identified()).as(step + "identified").isTrue();

        // A coefficient near zero next to large ones (an intercept offsetting features whose
        // means are far from zero) is determined by either solver only to rounding of the
        // fitted values, expressed in its column's units: rms(ŷ) / rms(xⱼ).
        double[] columnRms = columnRms(features, intercept);
        double fittedRms = fittedRms(batch, features, intercept);
        // Residuals come out of either QR with absolute rounding of about ε‖y‖, so s, the std
        // errors and 1 − R² (which scale with s) are determined only to relative ε‖y‖ / s, which
        // exceeds 1e-9 when the first observations past p happen to fit almost exactly.
        double conditioned = Math.max(RELATIVE_TOLERANCE, CONDITIONING_ROUNDING * batch.conditionNumber);
        double residualRelative = Math.max(conditioned,
                RESIDUAL_ROUNDING * norm(targets) / batch.residualStdError);

        for (int i = 0; i < batch.coefficients.length; i++) {
            ModelSnapshot.Coefficient coefficient = snapshot.coefficients().get(i);
            double expected = batch.coefficients[i];
            assertWithin(step + coefficient.name() + " estimate", coefficient.estimate(), expected,
                    conditioned * Math.max(Math.abs(expected), fittedRms / columnRms[i]));
            assertWithin(step + coefficient.name() + " std error", coefficient.standardError(),
                    batch.standardErrors[i], residualRelative * batch.standardErrors[i]);
        }
        assertWithin(step + "residual std error", snapshot.residualStdError(), batch.residualStdError,
                residualRelative * batch.residualStdError);
        assertWithin(step + "R²", snapshot.rSquared(), batch.rSquared,
                Math.max(2 * residualRelative * Math.abs(1 - batch.rSquared), UNIT_ROUNDING));
        assertWithin(step + "adjusted R²", snapshot.adjustedRSquared(), batch.adjustedRSquared,
                Math.max(2 * residualRelative * Math.abs(1 - batch.adjustedRSquared), UNIT_ROUNDING));
    }

    /** Relative to {@code |expected|}. */
    static void assertClose(String what, double actual, double expected) {
        assertWithin(what, actual, expected, RELATIVE_TOLERANCE * Math.abs(expected));
    }

    static void assertWithin(String what, double actual, double expected, double tolerance) {
        double error = Math.abs(actual - expected);
        assertThat(error <= tolerance)
                .as("%s: %s vs batch %s (error %s > tolerance %s)", what, actual, expected, error, tolerance)
                .isTrue();
    }

    private static double norm(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static double[] columnRms(List<double[]> features, boolean intercept) {
        int offset = intercept ? 1 : 0;
        double[] rms = new double[features.get(0).length + offset];
        if (intercept) {
            rms[0] = 1;
        }
        for (int j = offset; j < rms.length; j++) {
            double sum = 0;
            for (double[] x : features) {
                sum += x[j - offset] * x[j - offset];
            }
            rms[j] = Math.sqrt(sum / features.size());
        }
        return rms;
    }

    private static double fittedRms(BatchFit batch, List<double[]> features, boolean intercept) {
        double sum = 0;
        for (double[] x : features) {
            double[] row = BatchFit.designRow(x, intercept);
            double fitted = 0;
            for (int j = 0; j < row.length; j++) {
                fitted += batch.coefficients[j] * row[j];
            }
            sum += fitted * fitted;
        }
        return Math.sqrt(sum / features.size());
    }
}
