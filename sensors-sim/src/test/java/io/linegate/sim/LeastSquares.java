package io.linegate.sim;

import java.util.List;

/**
 * Batch ordinary least squares with an intercept, by the normal equations and Gaussian
 * elimination with partial pivoting: small, independent of the code under test, and exact
 * enough for four parameters on well-scaled data.
 */
final class LeastSquares {

    private LeastSquares() {
    }

    /** Coefficients {@code [intercept, b1, ..., bk]} of {@code y ~ 1 + x}. */
    static double[] fit(List<double[]> xs, List<Double> ys) {
        int p = xs.get(0).length + 1;
        double[][] a = new double[p][p + 1];
        for (int row = 0; row < xs.size(); row++) {
            double[] z = withOne(xs.get(row));
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    a[i][j] += z[i] * z[j];
                }
                a[i][p] += z[i] * ys.get(row);
            }
        }
        return solve(a);
    }

    /** Residual standard deviation of a fit. */
    static double residualStdDev(List<double[]> xs, List<Double> ys, double[] beta) {
        double sum = 0;
        for (int row = 0; row < xs.size(); row++) {
            double[] z = withOne(xs.get(row));
            double fitted = 0;
            for (int i = 0; i < z.length; i++) {
                fitted += beta[i] * z[i];
            }
            sum += Math.pow(ys.get(row) - fitted, 2);
        }
        return Math.sqrt(sum / (xs.size() - beta.length));
    }

    private static double[] withOne(double[] x) {
        double[] z = new double[x.length + 1];
        z[0] = 1;
        System.arraycopy(x, 0, z, 1, x.length);
        return z;
    }

    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            if (Math.abs(a[col][col]) < 1e-12) {
                throw new IllegalStateException("singular normal equations at column " + col);
            }
            for (int row = col + 1; row < n; row++) {
                double factor = a[row][col] / a[col][col];
                for (int k = col; k <= n; k++) {
                    a[row][k] -= factor * a[col][k];
                }
            }
        }
        double[] beta = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = a[row][n];
            for (int k = row + 1; k < n; k++) {
                sum -= a[row][k] * beta[k];
            }
            beta[row] = sum / a[row][row];
        }
        return beta;
    }
}
