package io.linegate.gateway.model;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * What an {@link OlsModel} derives from one solve of its QR factor: coefficients, their
 * covariance, fit statistics and the Student-t quantile of its prediction interval.
 *
 * <p>Made by the owning model at most once per learned observation and cached until the next
 * learn, so repeated predictions and snapshots never repeat the O(p³) solve. Immutable; its
 * arrays never escape.
 */
final class OlsFit {

    /**
     * Smallest relative distance, {@code ‖residual of column j on the other columns‖ / ‖column j‖},
     * at which a coefficient counts as identified. Exactly collinear columns come out of the
     * QR update at 1e-16 to 1e-13 (measured up to 10⁶ observations) and the factor's own
     * machine-epsilon pivot test misses most of them, leaving finite coefficients near 1e12; the
     * hardest NIST StRD design (Longley) sits at 8.6e-5. Below 1e-9 rounding alone would cost a
     * coefficient more than seven of its sixteen digits.
     */
    static final double MIN_RELATIVE_RESIDUAL = 1e-9;

    private final boolean identified;
    private final double[] coefficients;
    private final double[][] covariance;
    private final double residualVariance;
    private final double rSquared;
    private final double adjustedRSquared;
    private final double tQuantile;

    private OlsFit(boolean identified, double[] coefficients, double[][] covariance, double residualVariance,
            double rSquared, double adjustedRSquared, double tQuantile) {
        this.identified = identified;
        this.coefficients = coefficients;
        this.covariance = covariance;
        this.residualVariance = residualVariance;
        this.rSquared = rSquared;
        this.adjustedRSquared = adjustedRSquared;
        this.tQuantile = tQuantile;
    }

    /** A fit whose every number is NaN. */
    static OlsFit notIdentified(int parameters) {
        double[] nan = new double[parameters];
        Arrays.fill(nan, Double.NaN);
        return new OlsFit(false, nan, new double[0][0], Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * Reads a solve of the model's QR factor. Fit statistics use the model's own Welford moments
     * of the target rather than one-pass sums of y and y², which cancel catastrophically for a
     * target with a large mean.
     */
    static OlsFit of(QrAccumulator.Solution solution, boolean intercept, RunningMoments[] features,
            RunningMoments target, double level) {
        double[] beta = solution.coefficients();
        double[][] inverseGram = solution.inverseGram();
        int parameters = beta.length;
        long n = target.count();
        double residualDf = n - parameters;
        double sse = solution.errorSumSquares();
        double residualVariance = sse / residualDf;
        double[][] cov = new double[parameters][parameters];
        for (int i = 0; i < parameters; i++) {
            for (int j = 0; j < parameters; j++) {
                cov[i][j] = inverseGram[i][j] * residualVariance;
            }
        }
        if (!isIdentified(beta, inverseGram, cov, residualVariance, intercept, features, n)) {
            return notIdentified(parameters);
        }
        double sst = intercept ? target.sumSquaredDeviations() : target.sumSquares();
        double rSquared = sst > 0 ? 1 - sse / sst : Double.NaN;
        double adjustedRSquared = intercept
                ? 1 - (sse / residualDf) / (sst / (n - 1))
                : 1 - (1 - rSquared) * n / residualDf;
        double tQuantile = new TDistribution(null, residualDf).inverseCumulativeProbability((1 + level) / 2);
        return new OlsFit(true, beta, cov, residualVariance, rSquared, adjustedRSquared, tQuantile);
    }

    private static boolean isIdentified(double[] beta, double[][] inverseGram, double[][] cov,
            double residualVariance, boolean intercept, RunningMoments[] features, long n) {
        if (!(residualVariance >= 0 && Double.isFinite(residualVariance))) {
            return false;
        }
        for (int j = 0; j < beta.length; j++) {
            if (!Double.isFinite(beta[j]) || !(inverseGram[j][j] > 0) || !(cov[j][j] >= 0)) {
                return false;
            }
            for (int k = 0; k < beta.length; k++) {
                if (!Double.isFinite(inverseGram[j][k]) || !Double.isFinite(cov[j][k])) {
                    return false;
                }
            }
            boolean interceptColumn = intercept && j == 0;
            RunningMoments column = interceptColumn ? null : features[intercept ? j - 1 : j];
            if (intercept && column != null && !(column.sumSquaredDeviations() > 0)) {
                return false; // a constant feature is the intercept column again
            }
            double columnSumSquares = interceptColumn ? n : column.sumSquares();
            if (!(columnSumSquares > 0)) {
                return false;
            }
            // 1/[(XᵀX)⁻¹]jj is the squared residual of column j regressed on the other columns.
            // It does not involve y, so the test holds for an exact fit (s² = 0) too.
            double residualSumSquares = 1 / inverseGram[j][j];
            if (!(residualSumSquares >= MIN_RELATIVE_RESIDUAL * MIN_RELATIVE_RESIDUAL * columnSumSquares)) {
                return false;
            }
        }
        return true;
    }

    boolean identified() {
        return identified;
    }

    double coefficient(int index) {
        return coefficients[index];
    }

    double[] coefficients() {
        return coefficients.clone();
    }

    /** Standard error of a coefficient, NaN while not identified. */
    double standardError(int index) {
        return identified ? Math.sqrt(covariance[index][index]) : Double.NaN;
    }

    double residualStdError() {
        return Math.sqrt(residualVariance);
    }

    double rSquared() {
        return rSquared;
    }

    double adjustedRSquared() {
        return adjustedRSquared;
    }

    /**
     * ŷ ± t·sqrt(s² + x̃ᵀ Cov(β̂) x̃) for a new observation at {@code design} (x̃, with the leading
     * 1 when the model has an intercept); empty if not identified or if anything overflowed.
     */
    Optional<ModelPrediction> predict(double[] design, double level, long observations) {
        if (!identified) {
            return Optional.empty();
        }
        double value = 0;
        double leverage = 0;
        for (int i = 0; i < design.length; i++) {
            value += coefficients[i] * design[i];
            double row = 0;
            for (int j = 0; j < design.length; j++) {
                row += covariance[i][j] * design[j];
            }
            leverage += design[i] * row;
        }
        double halfWidth = tQuantile * Math.sqrt(Math.max(0, residualVariance + leverage));
        double lower = value - halfWidth;
        double upper = value + halfWidth;
        if (!Double.isFinite(value) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            return Optional.empty();
        }
        return Optional.of(new ModelPrediction(value, lower, upper, level, observations));
    }
}
