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
 * <p>A fit that is not identified, with at least one observation, is the {@linkplain BasicSolution
 * basic solution}: aliased coefficients exactly 0, the others and every statistic those of the fit
 * of the columns not aliased, with rank r in place of p (ν = max(1, Σwᵢ − r)); standard errors,
 * p-values and the adjusted R² only while observations exceed r, NaN otherwise. It never predicts.
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
    private final boolean[] aliased;
    private final double[] coefficients;
    /** p × p; NaN in the rows and columns of aliased coefficients, and everywhere without residual df. */
    private final double[][] covariance;
    private final double residualVariance;
    private final double rSquared;
    private final double adjustedRSquared;
    private final double tQuantile;
    /** Student's t with the residual degrees of freedom; null without them. */
    private final TDistribution residualT;

    private LeastSquaresFit(boolean identified, boolean[] aliased, double[] coefficients, double[][] covariance,
            double residualVariance, double rSquared, double adjustedRSquared, double tQuantile,
            TDistribution residualT) {
        this.identified = identified;
        this.aliased = aliased;
        this.coefficients = coefficients;
        this.covariance = covariance;
        this.residualVariance = residualVariance;
        this.rSquared = rSquared;
        this.adjustedRSquared = adjustedRSquared;
        this.tQuantile = tQuantile;
        this.residualT = residualT;
    }

    /**
     * A fit whose every number is NaN, no coefficient aliased: before the first observation, or
     * after an overflow.
     */
    static LeastSquaresFit notIdentified(int parameters) {
        double[] nan = new double[parameters];
        Arrays.fill(nan, Double.NaN);
        double[][] covariance = new double[parameters][parameters];
        for (double[] row : covariance) {
            Arrays.fill(row, Double.NaN);
        }
        return new LeastSquaresFit(false, new boolean[parameters], nan, covariance, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, null);
    }

    /**
     * Reads a solve of the model's QR factor, or empty if the solve does not identify every
     * coefficient. Fit statistics use the model's own Welford moments of the target rather than
     * one-pass sums of y and y², which cancel catastrophically for a target with a large mean. The
     * moments must weigh values as the factor weighs rows; their total weight Σwᵢ stands for n
     * throughout.
     */
    static Optional<LeastSquaresFit> identified(QrAccumulator.Solution solution, boolean intercept,
            RunningMoments[] features, RunningMoments target, double level) {
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
            return Optional.empty();
        }
        double sst = intercept ? target.sumSquaredDeviations() : target.sumSquares();
        double rSquared = sst > 0 ? 1 - sse / sst : Double.NaN;
        double adjustedRSquared = intercept
                ? 1 - (sse / residualDf) / (sst / (n - 1))
                : 1 - (1 - rSquared) * n / residualDf;
        TDistribution residualT = new TDistribution(null, residualDf);
        double tQuantile = StudentT.twoSidedQuantile(level, residualDf);
        return Optional.of(new LeastSquaresFit(true, new boolean[parameters], beta, cov, residualVariance, rSquared,
                adjustedRSquared, tQuantile, residualT));
    }

    /**
     * The basic solution of a factor that is not identified (see {@link BasicSolution}), for a model
     * with at least one observation: aliased coefficients 0, the others and the statistics those
     * of the fit of the columns not aliased. {@link #notIdentified} if anything overflowed.
     */
    static LeastSquaresFit basic(QrAccumulator.State factor, boolean intercept, RunningMoments[] features,
            RunningMoments target) {
        int parameters = factor.parameters();
        double n = target.weight();
        Optional<BasicSolution> found = BasicSolution.of(factor,
                (column, inverseGramDiagonal) -> separable(column, inverseGramDiagonal, intercept, features, n));
        if (found.isEmpty()) {
            return notIdentified(parameters);
        }
        BasicSolution basic = found.get();
        int rank = basic.rank();
        boolean hasResidualDf = target.count() > rank;
        double residualDf = Math.max(1, n - rank);
        double sse = basic.errorSumSquares();
        double residualVariance = hasResidualDf ? sse / residualDf : Double.NaN;
        double[] beta = basic.coefficients();
        boolean[] aliased = new boolean[parameters];
        double[][] cov = new double[parameters][parameters];
        for (int i = 0; i < parameters; i++) {
            aliased[i] = basic.aliased(i);
            if (!Double.isFinite(beta[i])) {
                return notIdentified(parameters);
            }
            for (int j = 0; j < parameters; j++) {
                cov[i][j] = basic.inverseGram(i, j) * residualVariance;
                if (Double.isInfinite(cov[i][j])) {
                    return notIdentified(parameters);
                }
            }
        }
        if (hasResidualDf && !(residualVariance >= 0 && Double.isFinite(residualVariance))) {
            return notIdentified(parameters);
        }
        double sst = intercept ? target.sumSquaredDeviations() : target.sumSquares();
        double rSquared = sst > 0 ? 1 - sse / sst : Double.NaN;
        double adjustedRSquared = !hasResidualDf ? Double.NaN
                : intercept ? 1 - (sse / residualDf) / (sst / (n - 1))
                : 1 - (1 - rSquared) * n / residualDf;
        TDistribution residualT = hasResidualDf ? new TDistribution(null, residualDf) : null;
        return new LeastSquaresFit(false, aliased, beta, cov, residualVariance, rSquared, adjustedRSquared,
                Double.NaN, residualT);
    }

    private static boolean isIdentified(double[] beta, double[][] inverseGram, double[][] cov,
            double residualVariance, boolean intercept, RunningMoments[] features, double n) {
        if (!(residualVariance >= 0 && Double.isFinite(residualVariance))) {
            return false;
        }
        for (int j = 0; j < beta.length; j++) {
            if (!Double.isFinite(beta[j]) || !(cov[j][j] >= 0)) {
                return false;
            }
            for (int k = 0; k < beta.length; k++) {
                if (!Double.isFinite(inverseGram[j][k]) || !Double.isFinite(cov[j][k])) {
                    return false;
                }
            }
            if (!separable(j, inverseGram[j][j], intercept, features, n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether column j's coefficient is identified next to the columns it is fitted with, whose
     * (XᵀWX)⁻¹ has {@code inverseGramDiagonal} at (j, j): its weighted squared residual on them,
     * 1/[(XᵀWX)⁻¹]<sub>jj</sub>, is at least {@link #MIN_RELATIVE_RESIDUAL}² of its weighted sum of
     * squares, and, next to an intercept, it is not constant. It does not involve y, so the test
     * holds for an exact fit (s² = 0) too.
     */
    static boolean separable(int column, double inverseGramDiagonal, boolean intercept, RunningMoments[] features,
            double n) {
        boolean interceptColumn = intercept && column == 0;
        RunningMoments moments = interceptColumn ? null : features[intercept ? column - 1 : column];
        if (intercept && moments != null && !(moments.sumSquaredDeviations() > 0)) {
            return false; // a constant feature is the intercept column again
        }
        double columnSumSquares = interceptColumn ? n : moments.sumSquares();
        if (!(columnSumSquares > 0) || !(inverseGramDiagonal > 0)) {
            return false;
        }
        double residualSumSquares = 1 / inverseGramDiagonal;
        return residualSumSquares >= MIN_RELATIVE_RESIDUAL * MIN_RELATIVE_RESIDUAL * columnSumSquares;
    }

    /** Whether every coefficient is identified: full rank, more observations than parameters, finite. */
    boolean identified() {
        return identified;
    }

    /**
     * Whether the coefficient at {@code index} is aliased: its column a linear combination of the
     * others (to {@link #MIN_RELATIVE_RESIDUAL}), its estimate exactly 0. Never while identified.
     */
    boolean aliased(int index) {
        return aliased[index];
    }

    /** Whether standard errors and p-values exist: identified, or observations exceed the rank. */
    boolean hasResidualDf() {
        return residualT != null;
    }

    double coefficient(int index) {
        return coefficients[index];
    }

    double[] coefficients() {
        return coefficients.clone();
    }

    /** Standard error of a coefficient; NaN for an aliased one or without residual degrees of freedom. */
    double standardError(int index) {
        return Math.sqrt(covariance[index][index]);
    }

    /**
     * Two-sided p-value of the Student-t test of coefficient = 0, t = estimate / standard error
     * with the residual degrees of freedom: 2·P(T ≤ −|t|), which keeps its digits when tiny. 0 for
     * a nonzero estimate with standard error 0 (an exact fit); NaN without a standard error or for
     * a zero estimate with standard error 0.
     */
    double pValue(int index) {
        if (residualT == null) {
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
