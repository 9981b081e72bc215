package io.linegate.gateway.model;

import java.util.List;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Reference fit of everything seen, by Commons Math's batch Householder-QR
 * {@link OLSMultipleLinearRegression}, plus {@code (XᵀX)⁻¹} of the design matrix by LU, neither
 * of which shares code with {@link OlsModel}'s Givens updating.
 */
final class BatchFit {

    final double[] coefficients;
    final double[] standardErrors;
    final double rSquared;
    final double adjustedRSquared;
    final double residualStdError;
    final double residualVariance;
    final RealMatrix inverseGram;
    /** κ(X), the 2-norm condition number of the design: how much rounding any solver's answer carries. */
    final double conditionNumber;
    final boolean intercept;

    BatchFit(List<double[]> features, List<Double> targets, boolean intercept) {
        double[][] x = features.toArray(new double[0][]);
        double[] y = targets.stream().mapToDouble(Double::doubleValue).toArray();
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.setNoIntercept(!intercept);
        ols.newSampleData(y, x);
        this.intercept = intercept;
        this.coefficients = ols.estimateRegressionParameters();
        this.standardErrors = ols.estimateRegressionParametersStandardErrors();
        this.rSquared = ols.calculateRSquared();
        this.adjustedRSquared = ols.calculateAdjustedRSquared();
        this.residualStdError = ols.estimateRegressionStandardError();
        this.residualVariance = ols.estimateErrorVariance();
        RealMatrix design = MatrixUtils.createRealMatrix(designRows(x, intercept));
        this.inverseGram = new LUDecomposition(design.transpose().multiply(design)).getSolver().getInverse();
        this.conditionNumber = new SingularValueDecomposition(design).getConditionNumber();
    }

    /** x̃: the row with a leading 1 when the model has an intercept. */
    static double[] designRow(double[] features, boolean intercept) {
        if (!intercept) {
            return features.clone();
        }
        double[] row = new double[features.length + 1];
        row[0] = 1;
        System.arraycopy(features, 0, row, 1, features.length);
        return row;
    }

    private static double[][] designRows(double[][] x, boolean intercept) {
        double[][] rows = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            rows[i] = designRow(x[i], intercept);
        }
        return rows;
    }
}
