package io.linegate.gateway.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Reference weighted least-squares fit: a {@link BatchFit} (Commons Math's Householder QR) of the
 * design rows and targets scaled by √wᵢ, with the weighted statistics {@link LeastSquaresFit}
 * defines: ν = max(1, Σwᵢ − p), s² = Σwᵢeᵢ² / ν, R² = 1 − Σwᵢeᵢ² / Σwᵢ(yᵢ − ȳ_w)² (uncentred
 * without intercept). With unit weights it is ordinary least squares.
 */
final class WeightedBatchFit {

    /** The fit of the scaled rows, through the origin: coefficients and (XᵀWX)⁻¹ of the weighted fit. */
    final BatchFit batch;
    final int parameters;
    final double weightSum;
    final double weightedSse;
    final double nu;
    final double residualVariance;
    final double weightedSst;
    final boolean intercept;

    WeightedBatchFit(List<double[]> xs, List<Double> ys, double[] weights, boolean intercept) {
        int n = xs.size();
        this.intercept = intercept;
        this.parameters = xs.get(0).length + (intercept ? 1 : 0);
        List<double[]> scaledRows = new ArrayList<>();
        List<Double> scaledTargets = new ArrayList<>();
        double sum = 0;
        double weightedTargetSum = 0;
        for (int i = 0; i < n; i++) {
            double root = Math.sqrt(weights[i]);
            double[] row = BatchFit.designRow(xs.get(i), intercept);
            for (int j = 0; j < row.length; j++) {
                row[j] *= root;
            }
            scaledRows.add(row);
            scaledTargets.add(root * ys.get(i));
            sum += weights[i];
            weightedTargetSum += weights[i] * ys.get(i);
        }
        this.batch = new BatchFit(scaledRows, scaledTargets, false);
        this.weightSum = sum;
        this.weightedSse = batch.residualVariance * (n - parameters);
        this.nu = Math.max(1, weightSum - parameters);
        this.residualVariance = weightedSse / nu;
        double targetMean = intercept ? weightedTargetSum / weightSum : 0;
        double sst = 0;
        for (int i = 0; i < n; i++) {
            double deviation = ys.get(i) - targetMean;
            sst += weights[i] * deviation * deviation;
        }
        this.weightedSst = sst;
    }

    /** λⁿ⁻ⁱ for i = 1..n: the weights of {@code rls} after n learns without discounts. */
    static double[] forgettingWeights(double lambda, int n) {
        double[] weights = new double[n];
        for (int i = 1; i <= n; i++) {
            weights[i - 1] = Math.pow(lambda, n - i);
        }
        return weights;
    }

    double coefficient(int j) {
        return batch.coefficients[j];
    }

    double standardError(int j) {
        return Math.sqrt(residualVariance * batch.inverseGram.getEntry(j, j));
    }

    double rSquared() {
        return 1 - weightedSse / weightedSst;
    }

    double adjustedRSquared() {
        return intercept
                ? 1 - residualVariance / (weightedSst / (weightSum - 1))
                : 1 - (1 - rSquared()) * weightSum / nu;
    }
}
