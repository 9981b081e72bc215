package io.linegate.gateway.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The basic least-squares solution of a rank-deficient factor, as Miller's SING and REGCF (AS 274)
 * and R's {@code lm} compute it: the columns that are linear combinations of the others are
 * <em>aliased</em>, their coefficients exactly 0, and the other coefficients are the least-squares
 * fit of the remaining columns alone, with that fit's (XᵀWX)⁻¹ and residual sum of squares.
 *
 * <p>Which columns: from the last to the first, a column is aliased when it fails a {@link
 * ColumnTest} (the model's identification test) against every column not yet aliased. For exact
 * dependencies that aliases what {@code lm} aliases, the columns that are linear combinations of
 * earlier ones: such a column is met while all earlier columns are still there, and a column that
 * is not cannot be a combination of the others still there either, since the last later column in
 * that combination would then be a combination of earlier ones, and already aliased. With a
 * tolerance, every remaining column passes the test against the others (aliasing a column only
 * raises the residuals of the rest), and nothing is aliased exactly when the full fit passes it.
 *
 * <p>How: XᵀWX = Σᵢ dᵢ rᵢ rᵢᵀ over the rows of the unit triangle R. Without column k the rows
 * above k are still unit triangular, and row k, its diagonal gone, is a rank-one term over the
 * later columns: it is rotated into the rows below as one more observation, weight d<sub>k</sub>,
 * target θ<sub>k</sub> (SING). The result is the factor the same rows build without column k,
 * exactly but for rounding, and the fold cannot be skipped: a column collinear to rounding has a
 * pivot d<sub>k</sub> of rounding size and entries r<sub>kj</sub> of the inverse size, so that
 * d<sub>k</sub> r<sub>k</sub> r<sub>k</sub>ᵀ holds information the later rows gave up to it.
 *
 * <p>Works on copies; the model's own factor, and so its checkpoint, is never touched. Each aliased
 * column costs one more O(p³) solve. Immutable; its arrays never escape.
 */
final class BasicSolution {

    /** Whether one column's coefficient is identified next to the others it is fitted with. */
    @FunctionalInterface
    interface ColumnTest {

        /**
         * @param column              the column's index in the full design (0 is the intercept, if any)
         * @param inverseGramDiagonal its diagonal entry of (XᵀWX)⁻¹ of the columns fitted; the reciprocal
         *                            of its weighted squared residual on the others, so infinite or NaN
         *                            for a column with none
         */
        boolean separable(int column, double inverseGramDiagonal);
    }

    private final boolean[] aliased;
    private final int[] kept;
    private final double[] coefficients;
    private final double[][] keptInverseGram;
    private final double errorSumSquares;

    private BasicSolution(boolean[] aliased, int[] kept, double[] coefficients, double[][] keptInverseGram,
            double errorSumSquares) {
        this.aliased = aliased;
        this.kept = kept;
        this.coefficients = coefficients;
        this.keptInverseGram = keptInverseGram;
        this.errorSumSquares = errorSumSquares;
    }

    /**
     * The basic solution of the factor in {@code state}; empty if the state holds a non-finite
     * value (which finite rows reach only by overflowing a double).
     */
    static Optional<BasicSolution> of(QrAccumulator.State state, ColumnTest test) {
        int parameters = state.parameters();
        boolean[] aliased = new boolean[parameters];
        int[] kept = IntStream.range(0, parameters).toArray();
        QrAccumulator.State current = state;
        int unchecked = parameters - 1; // columns after this position passed against a superset of the others
        while (true) {
            if (!isFinite(current)) {
                return Optional.empty();
            }
            QrAccumulator.Solution solution = QrAccumulator.restore(current).solveAnyway();
            double[][] inverseGram = solution.inverseGram();
            int failing = unchecked;
            while (failing >= 0 && test.separable(kept[failing], inverseGram[failing][failing])) {
                failing--;
            }
            if (failing < 0) {
                double[] coefficients = new double[parameters];
                double[] keptCoefficients = solution.coefficients();
                for (int i = 0; i < kept.length; i++) {
                    coefficients[kept[i]] = keptCoefficients[i];
                }
                return Optional.of(new BasicSolution(aliased, kept, coefficients, inverseGram,
                        solution.errorSumSquares()));
            }
            aliased[kept[failing]] = true;
            if (kept.length == 1) {
                // Nothing left to fit: the whole target is residual.
                double sse = current.sserr() + current.d()[0] * current.rhs()[0] * current.rhs()[0];
                return Optional.of(new BasicSolution(aliased, new int[0], new double[parameters], new double[0][0],
                        sse));
            }
            current = withoutColumn(current, failing);
            int[] before = kept;
            int removed = failing;
            kept = IntStream.range(0, before.length).filter(i -> i != removed).map(i -> before[i]).toArray();
            unchecked = failing - 1;
        }
    }

    /** The factor of the same rows without column {@code k}: its row rotated into the rows below (SING). */
    static QrAccumulator.State withoutColumn(QrAccumulator.State state, int k) {
        int parameters = state.parameters();
        double[] d = state.d();
        double[] r = state.r();
        double[] rhs = state.rhs();
        int reduced = parameters - 1;
        double[] reducedD = new double[reduced];
        double[] reducedRhs = new double[reduced];
        double[] reducedR = new double[reduced * (reduced - 1) / 2];
        int next = 0;
        for (int i = 0; i < parameters; i++) {
            if (i == k) {
                continue;
            }
            int row = i < k ? i : i - 1;
            reducedD[row] = d[i];
            reducedRhs[row] = rhs[i];
            for (int j = i + 1; j < parameters; j++) {
                if (j != k) {
                    reducedR[next++] = r[packed(parameters, i, j)];
                }
            }
        }
        double[] folded = new double[reduced];
        for (int j = k + 1; j < parameters; j++) {
            folded[j - 1] = r[packed(parameters, k, j)];
        }
        QrAccumulator factor = QrAccumulator.restore(new QrAccumulator.State(reducedD, reducedR, reducedRhs,
                state.sserr()));
        factor.include(folded, rhs[k], d[k]);
        return factor.exportState();
    }

    /** Whether column {@code column} of the full design is aliased (its coefficient 0). */
    boolean aliased(int column) {
        return aliased[column];
    }

    /** Columns fitted: how many are not aliased. */
    int rank() {
        return kept.length;
    }

    /** One per column of the full design, exactly 0 for aliased ones. A fresh copy. */
    double[] coefficients() {
        return coefficients.clone();
    }

    /**
     * Entry (i, j) of (XᵀWX)⁻¹ of the columns fitted, by full-design indices; NaN if either is aliased.
     */
    double inverseGram(int i, int j) {
        int a = Arrays.binarySearch(kept, i);
        int b = Arrays.binarySearch(kept, j);
        return a < 0 || b < 0 ? Double.NaN : keptInverseGram[a][b];
    }

    /** Weighted residual sum of squares of the fit of the columns not aliased. */
    double errorSumSquares() {
        return errorSumSquares;
    }

    /** Index of r(i, j), i &lt; j, in a packed triangle of {@code parameters} columns, as in QrAccumulator. */
    private static int packed(int parameters, int i, int j) {
        return i * (2 * parameters - i - 1) / 2 + (j - i - 1);
    }

    private static boolean isFinite(QrAccumulator.State state) {
        return Double.isFinite(state.sserr())
                && Arrays.stream(state.d()).allMatch(Double::isFinite)
                && Arrays.stream(state.r()).allMatch(Double::isFinite)
                && Arrays.stream(state.rhs()).allMatch(Double::isFinite);
    }
}
