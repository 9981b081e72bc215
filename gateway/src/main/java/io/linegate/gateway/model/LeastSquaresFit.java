package io.linegate.gateway.model;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * What a {@link LeastSquaresModel} derives from one solve of its QR factor: coefficients, their
 * covariance, fit statistics, p-values and the Student-t quantile of its prediction interval.
 *
 * <p>Everything is the weighted analogue of the ordinary least-squares quantity, with the
 * model's weights wᵢ (all 1 for {@code ols}; λⁿ⁻ⁱ for {@code rls}, times any discounts since
 * observation i) and the residual degrees of freedom ν = max(1, Σwᵢ − p), which is n − p when
 * every weight is 1: s² = Σwᵢeᵢ² / ν, Cov(β̂) = s²(XᵀWX)⁻¹, R² = 1 − Σwᵢeᵢ² / Σwᵢ(yᵢ − ȳ_w)²,
 * t-tests and intervals with ν degrees of freedom. With unit weights the arithmetic is that of
 * ordinary least squares, bit for bit.
 *
 * <p>Made by the owning model at most once per learned observation or discount and cached until
 * the next, so repeated predictions and snapshots never repeat the O(p³) solve. Immutable; its
 * arrays never escape.
 */
final class LeastSquaresFit {

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
    /** Student's t with the residual degrees of freedom; null while not identified. */
    private final TDistribution residualT;

    private LeastSquaresFit(boolean identified, double[] coefficients, double[][] covariance,
            double residualVariance, double rSquared, double adjustedRSquared, double tQuantile,
            TDistribution residualT) {
        this.identified = identified;
        this.coefficients = coefficients;
        this.covariance = covariance;
        this.residualVariance = residualVariance;
        this.rSquared = rSquared;
        this.adjustedRSquared = adjustedRSquared;
        this.tQuantile = tQuantile;
        this.residualT = residualT;
    }

    /** A fit whose every number is NaN. */
    static LeastSquaresFit notIdentified(int parameters) {
        double[] nan = new double[parameters];
        Arrays.fill(nan, Double.NaN);
        return new LeastSquaresFit(false, nan, new double[0][0], Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                null);
    }

    /**
     * Reads a solve of the model's QR factor. Fit statistics use the model's own Welford moments
     * of the target rather than one-pass sums of y and y², which cancel catastrophically for a
     * target with a large mean. The moments must weigh values as the factor weighs rows; their
     * total weight Σwᵢ stands for n throughout.
     */
    static LeastSquaresFit of(QrAccumulator.Solution solution, boolean intercept, RunningMoments[] features,
            RunningMoments target, double level) {
        double[] beta = solution.coefficients();
        double[][] inverseGram = solution.inverseGram();
        int parameters = beta.length;
        double n = target.weight();
        double residualDf = Math.max(1, n - parameters);
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
        TDistribution residualT = new TDistribution(null, residualDf);
        double tQuantile = residualT.inverseCumulativeProbability((1 + level) / 2);
        return new LeastSquaresFit(true, beta, cov, residualVariance, rSquared, adjustedRSquared, tQuantile,
                residualT);
    }

    private static boolean isIdentified(double[] beta, double[][] inverseGram, double[][] cov,
            double residualVariance, boolean intercept, RunningMoments[] features, double n) {
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
            // 1/[(XᵀWX)⁻¹]jj is the weighted squared residual of column j regressed on the other columns.
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

    /**
     * Two-sided p-value of the Student-t test of coefficient = 0, t = estimate / standard error
     * with the residual degrees of freedom: 2·P(T ≤ −|t|), which keeps its digits when tiny. 0 for
     * a nonzero estimate with standard error 0 (an exact fit); NaN while not identified or for a
     * zero estimate with standard error 0.
     */
    double pValue(int index) {
        if (!identified) {
            return Double.NaN;
        }
        double t = coefficients[index] / standardError(index);
        return Double.isNaN(t) ? Double.NaN : 2 * residualT.cumulativeProbability(-Math.abs(t));
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
