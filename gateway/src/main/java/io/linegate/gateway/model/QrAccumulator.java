package io.linegate.gateway.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * Weighted least squares accumulated one row at a time, by Alan Miller's square-root-free Givens
 * updating of a QR factor (algorithm AS 274, Applied Statistics 41(2), 1992; the algorithm Commons
 * Math's {@code MillerUpdatingRegression} implements). Unlike that class, its whole state can be
 * exported as plain numbers and restored, so a model survives a restart bit for bit.
 *
 * <p>For rows xₖ with targets yₖ and weights wₖ the factor keeps {@code XᵀWX = Rᵀ D R} and
 * {@code R β = θ}: R unit upper triangular, D diagonal, θ the rotated targets, plus the
 * weighted residual sum of squares of the rows rotated out. Memory is O(p²), each include costs
 * O(p²) and each solve O(p³). The state is a function of the included rows alone: {@link #solve}
 * reads the factor and never tidies it in place, so how often it is asked changes nothing.
 *
 * <p>Forgetting, for a recursive-least-squares model with factor 0 &lt; λ ≤ 1: {@link #forget}
 * multiplies D and the residual sum of squares by λ, which down-weights every row included so
 * far by λ (R and θ are unchanged, being invariant to a common weight). Forgetting before each
 * include makes the factor the least-squares fit with weights λⁿ⁻ⁱ. The pivot tolerance is
 * relative, so nothing else changes; {@link #FORGET_FLOOR} keeps a direction no row excites from
 * decaying into subnormal numbers.
 *
 * <p>Not thread-safe; owned by the model that owns it.
 */
final class QrAccumulator {

    /**
     * A pivot d<sub>j</sub> counts as zero when √d<sub>j</sub> is below this fraction of the
     * scaled column norm {@code √d_j + Σᵢ<ⱼ |r_ij|·√d_i} (Miller's TOLSET with his default, the
     * unit roundoff 2⁻⁵³): the column is then a linear combination of the earlier ones to
     * working precision.
     */
    static final double PIVOT_TOLERANCE = 0x1p-53;

    /**
     * {@link #forget} never takes a pivot d<sub>j</sub> below this (2⁻⁶⁰⁰, about 2.4e-181). With
     * λ &lt; 1 the pivot of a direction no row excites (a feature stuck at 0) shrinks by λ per
     * include, and would pass through the subnormals, where doubles lose precision and run slowly,
     * to 0, which {@link #include} reads as an empty row. Held at the floor, the direction keeps
     * a phantom weight of at most 2⁻⁶⁰⁰ along its old row of R: below the rounding of any row
     * whose squared entries exceed about 1e-165, so once rows excite it again the fit is the
     * exponentially weighted fit to working precision. Until then its coefficient is what rows
     * forgotten long ago made it, with a variance factor [(XᵀWX)⁻¹]<sub>jj</sub> of up to 2⁶⁰⁰:
     * what exact arithmetic says of a direction recent rows do not see, and finite, as are
     * √d<sub>j</sub> = 2⁻³⁰⁰ and 1/d<sub>j</sub>. A pivot that is already lower, or 0, is left alone.
     */
    static final double FORGET_FLOOR = 0x1p-600;

    private final int parameters;
    private final double[] d;
    /** Strict upper triangle of R, packed by rows: row i holds r(i, i+1) ... r(i, p−1). */
    private final double[] r;
    private final double[] rhs;
    private double sserr;
    /** The row being rotated in; reused so an include allocates nothing. */
    private final double[] row;

    /**
     * An empty factor for {@code parameters} columns (the column of 1s counts when there is an
     * intercept).
     */
    QrAccumulator(int parameters) {
        this(checked(parameters), new double[parameters], new double[triangleSize(parameters)],
                new double[parameters], 0);
    }

    private QrAccumulator(int parameters, double[] d, double[] r, double[] rhs, double sserr) {
        this.parameters = parameters;
        this.d = d;
        this.r = r;
        this.rhs = rhs;
        this.sserr = sserr;
        this.row = new double[parameters];
    }

    int parameters() {
        return parameters;
    }

    /**
     * Multiplies the weight of every row included so far by {@code lambda}: D and the residual sum
     * of squares are scaled, R and θ unchanged. A pivot is not scaled below {@link #FORGET_FLOOR}
     * (one already below stays as it is), and a residual sum of squares that would be subnormal
     * becomes 0. {@code lambda} = 1 changes nothing.
     *
     * @throws IllegalArgumentException if {@code lambda} is not in (0, 1]; the factor is then unchanged
     */
    void forget(double lambda) {
        if (!(lambda > 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in (0, 1]. Found: " + lambda);
        }
        if (lambda == 1) {
            return;
        }
        for (int i = 0; i < parameters; i++) {
            d[i] = Math.max(lambda * d[i], Math.min(d[i], FORGET_FLOOR));
        }
        sserr *= lambda;
        if (sserr < Double.MIN_NORMAL) {
            sserr = 0;
        }
    }

    /** Includes one row with weight 1. */
    void include(double[] x, double y) {
        include(x, y, 1);
    }

    /**
     * Includes one row: {@code x} is the full design row (with its leading 1 when the model has an
     * intercept), {@code weight} its weight in the least-squares criterion; weight 0 changes nothing.
     * {@code x} is not modified.
     *
     * @throws IllegalArgumentException if {@code x} has the wrong length or a non-finite value, or
     *                                  {@code y} is non-finite, or {@code weight} is negative or
     *                                  non-finite; the factor is then unchanged
     */
    void include(double[] x, double y, double weight) {
        if (x.length != parameters) {
            throw new IllegalArgumentException("x must have " + parameters + " values. Found: " + x.length);
        }
        for (double value : x) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("x must be finite. Found: " + Arrays.toString(x));
            }
        }
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("y must be finite. Found: " + y);
        }
        if (!(weight >= 0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weight must be finite and at least 0. Found: " + weight);
        }
        System.arraycopy(x, 0, row, 0, parameters);
        double w = weight;
        double target = y;
        int next = 0; // index of r(i, i+1) in the packed triangle
        for (int i = 0; i < parameters && w != 0; i++) {
            double xi = row[i];
            if (xi == 0) {
                next += parameters - i - 1;
                continue;
            }
            double di = d[i];
            double wxi = w * xi;
            if (di == 0) {
                // Row i of the factor is empty: the new row, scaled to xi = 1, becomes it, and
                // nothing of it is left to rotate into later rows or the residual.
                d[i] = wxi * xi;
                for (int k = i + 1; k < parameters; k++, next++) {
                    r[next] = row[k] / xi;
                }
                rhs[i] = target / xi;
                return;
            }
            // Rotate the row into row i: d(i) grows by w·xi², and row i becomes the weighted mean
            // (d·r + w·xi·xk) / d' of itself and the new row scaled to xi = 1. AS 274 writes that
            // mean as c̄·r + s̄·xk, which rounds once more and costs Longley two certified digits.
            double dpi = di + wxi * xi;
            for (int k = i + 1; k < parameters; k++, next++) {
                double xk = row[k];
                row[k] = xk - xi * r[next];
                r[next] = (di * r[next] + wxi * xk) / dpi;
            }
            double yi = target;
            target = yi - xi * rhs[i];
            rhs[i] = (di * rhs[i] + wxi * yi) / dpi;
            w = di * w / dpi;
            d[i] = dpi;
        }
        sserr += w * target * target;
    }

    /**
     * The weighted least-squares solution of every row included so far, or empty when the factor
     * is rank-deficient to working precision (some pivot under {@link #PIVOT_TOLERANCE}, which
     * includes every case with fewer effective rows than parameters). Leaves the factor untouched.
     */
    Optional<Solution> solve() {
        double[] sqrtD = new double[parameters];
        for (int j = 0; j < parameters; j++) {
            sqrtD[j] = Math.sqrt(d[j]);
        }
        for (int j = 0; j < parameters; j++) {
            double scaledNorm = sqrtD[j];
            for (int i = 0; i < j; i++) {
                scaledNorm += Math.abs(r[at(i, j)]) * sqrtD[i];
            }
            if (!(d[j] > 0) || sqrtD[j] < PIVOT_TOLERANCE * scaledNorm) {
                return Optional.empty();
            }
        }
        return Optional.of(solveAnyway());
    }

    /**
     * {@link #solve} without its pivot test, for {@link BasicSolution}, which reads the inverse
     * Gram diagonal of the trailing columns: [(XᵀWX)⁻¹]<sub>jj</sub> involves only pivots j and
     * later, so it is exact for column j even when an earlier pivot is 0, which makes other
     * entries infinite or NaN. Leaves the factor untouched.
     */
    Solution solveAnyway() {
        double[] beta = new double[parameters];
        for (int i = parameters - 1; i >= 0; i--) {
            double value = rhs[i];
            for (int j = i + 1; j < parameters; j++) {
                value -= r[at(i, j)] * beta[j];
            }
            beta[i] = value;
        }
        return new Solution(beta, inverseGram(), sserr);
    }

    /** (XᵀWX)⁻¹ = R⁻¹ D⁻¹ R⁻ᵀ, by inverting the unit triangle; finite where every pivot involved is positive. */
    private double[][] inverseGram() {
        // Row i of R⁻¹ from the rows below it: R⁻¹(i, j) = −r(i, j) − Σ_{i<k<j} r(i, k)·R⁻¹(k, j),
        // summed in increasing k, row by row so that the inner loop runs along arrays.
        double[][] rInverse = new double[parameters][parameters];
        for (int i = parameters - 1; i >= 0; i--) {
            double[] rowInverse = rInverse[i];
            int rowStart = at(i, i + 1) - (i + 1); // r(i, k) is r[rowStart + k]
            rowInverse[i] = 1;
            for (int k = i + 1; k < parameters; k++) {
                double rik = r[rowStart + k];
                double[] below = rInverse[k];
                for (int j = k + 1; j < parameters; j++) {
                    rowInverse[j] -= rik * below[j];
                }
            }
            for (int j = i + 1; j < parameters; j++) {
                rowInverse[j] -= r[rowStart + j];
            }
        }
        double[][] inverse = new double[parameters][parameters];
        for (int i = 0; i < parameters; i++) {
            for (int j = i; j < parameters; j++) {
                double value = 0;
                for (int k = j; k < parameters; k++) {
                    value += rInverse[i][k] * rInverse[j][k] / d[k];
                }
                inverse[i][j] = value;
                inverse[j][i] = value;
            }
        }
        return inverse;
    }

    /** Index of r(i, j), i &lt; j, in the packed triangle. */
    private int at(int i, int j) {
        return i * (2 * parameters - i - 1) / 2 + (j - i - 1);
    }

    /** The factor as plain numbers; fresh copies. */
    State exportState() {
        return new State(d, r, rhs, sserr);
    }

    /** A factor that continues exactly where the one that exported {@code state} was. */
    static QrAccumulator restore(State state) {
        return new QrAccumulator(state.parameters(), state.d(), state.r(), state.rhs(), state.sserr());
    }

    private static int checked(int parameters) {
        if (parameters < 1) {
            throw new IllegalArgumentException("parameters must be at least 1. Found: " + parameters);
        }
        return parameters;
    }

    private static int triangleSize(int parameters) {
        return Math.max(0, parameters * (parameters - 1) / 2);
    }

    /**
     * A least-squares solution. The arrays are fresh and belong to the receiver.
     *
     * @param coefficients    β̂, one per column
     * @param inverseGram     (XᵀWX)⁻¹, p × p and symmetric; times s² it is the covariance of β̂
     * @param errorSumSquares weighted residual sum of squares
     */
    record Solution(double[] coefficients, double[][] inverseGram, double errorSumSquares) {
    }

    /**
     * Everything a {@link QrAccumulator} knows, named as in AS 274. Validated and copied on the way
     * in and out, so an instance is immutable.
     *
     * @param d     the diagonal D, one weight per row of the factor, none negative
     * @param r     the strict upper triangle of the unit triangular R, packed by rows, p(p−1)/2 values
     * @param rhs   θ, the rotated targets, one per row of the factor
     * @param sserr weighted sum of squares of the residuals rotated out of the factor, not negative
     */
    record State(double[] d, double[] r, double[] rhs, double sserr) {

        /** Version byte of {@link #toBytes()}. */
        static final int FORMAT_VERSION = 1;
        private static final String WHAT = "QR factor state";

        /**
         * @throws IllegalArgumentException if the arrays do not fit together or a weight or sserr is
         *                                  negative. NaN and infinities, which finite rows reach only
         *                                  by overflowing a double, are carried as they are, so that
         *                                  even such a factor restores exactly (and solves to empty).
         */
        State {
            if (d.length < 1) {
                throw new IllegalArgumentException("d must hold at least 1 value. Found: 0");
            }
            if (rhs.length != d.length) {
                throw new IllegalArgumentException(
                        "rhs must hold " + d.length + " values, one per row of d. Found: " + rhs.length);
            }
            if (r.length != triangleSize(d.length)) {
                throw new IllegalArgumentException("r must hold p(p-1)/2 = " + triangleSize(d.length)
                        + " values for p = " + d.length + ". Found: " + r.length);
            }
            for (double di : d) {
                if (di < 0) {
                    throw new IllegalArgumentException("d must hold no negative weight. Found: " + Arrays.toString(d));
                }
            }
            if (sserr < 0) {
                throw new IllegalArgumentException("sserr must not be negative. Found: " + sserr);
            }
            d = d.clone();
            r = r.clone();
            rhs = rhs.clone();
        }

        int parameters() {
            return d.length;
        }

        @Override
        public double[] d() {
            return d.clone();
        }

        @Override
        public double[] r() {
            return r.clone();
        }

        @Override
        public double[] rhs() {
            return rhs.clone();
        }

        /**
         * Version byte 1, then p (int), sserr, d, rhs and r as IEEE 754 doubles, then a CRC-32C:
         * 9 + 8·(1 + 2p + p(p−1)/2) bytes.
         */
        byte[] toBytes() {
            return new StateEnvelope.Writer(FORMAT_VERSION, (int) encodedBodySize(d.length))
                    .putInt(d.length)
                    .putDouble(sserr)
                    .putDoubles(d)
                    .putDoubles(rhs)
                    .putDoubles(r)
                    .finish();
        }

        /**
         * Decodes {@link #toBytes()}.
         *
         * @throws CheckpointException if {@code bytes} are truncated, corrupted, of another format
         *                             version, or do not describe a valid factor
         */
        static State fromBytes(byte[] bytes) {
            StateEnvelope.Reader reader = new StateEnvelope.Reader(bytes, FORMAT_VERSION, WHAT);
            int parameters = reader.getInt();
            long bodySize = reader.remaining() + Integer.BYTES;
            if (parameters < 1 || encodedBodySize(parameters) != bodySize) {
                throw reader.malformed("p = " + parameters + " does not fit its " + bodySize + "-byte body");
            }
            double sserr = reader.getDouble();
            double[] d = reader.getDoubles(parameters);
            double[] rhs = reader.getDoubles(parameters);
            double[] r = reader.getDoubles(triangleSize(parameters));
            reader.finish();
            try {
                return new State(d, r, rhs, sserr);
            } catch (IllegalArgumentException e) {
                throw reader.malformed(e.getMessage());
            }
        }

        /** Bytes between the version byte and the checksum: p, then 1 + 2p + p(p−1)/2 doubles. */
        private static long encodedBodySize(long parameters) {
            return Integer.BYTES + Double.BYTES * (1 + 2 * parameters + parameters * (parameters - 1) / 2);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof State that
                    && Arrays.equals(d, that.d)
                    && Arrays.equals(r, that.r)
                    && Arrays.equals(rhs, that.rhs)
                    && Double.compare(sserr, that.sserr) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * Arrays.hashCode(d) + Arrays.hashCode(r)) + Arrays.hashCode(rhs))
                    + Double.hashCode(sserr);
        }

        @Override
        public String toString() {
            return "State[p=" + d.length + ", d=" + Arrays.toString(d) + ", r=" + Arrays.toString(r) + ", rhs="
                    + Arrays.toString(rhs) + ", sserr=" + sserr + "]";
        }
    }
}
