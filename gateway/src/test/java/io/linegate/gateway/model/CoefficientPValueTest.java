package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies {@link ModelSnapshot.Coefficient#pValue()} against p-values computed from Commons
 * Math's batch {@link OLSMultipleLinearRegression}: t = estimate / standard error, two-sided, with
 * the residual degrees of freedom.
 */
class CoefficientPValueTest {

    static final double TOLERANCE = 1e-9;
    private static final List<String> FEATURES = List.of("strong", "none", "weak");

    /** A fixed dataset whose coefficients range from clearly nonzero to zero. */
    private static final double[][] X = new double[40][];
    private static final double[] Y = new double[40];

    static {
        Random random = new Random(101);
        for (int i = 0; i < X.length; i++) {
            X[i] = new double[] {10 + 3 * random.nextGaussian(), random.nextGaussian(), 5 * random.nextGaussian()};
            Y[i] = 1 + 0.5 * X[i][0] + 0 * X[i][1] + 0.05 * X[i][2] + random.nextGaussian();
        }
    }

    @ParameterizedTest(name = "intercept={0}")
    @ValueSource(booleans = {true, false})
    void equalTwoSidedStudentTTestsOfTheBatchFitForOlsAndForRlsWithoutForgetting(boolean intercept) {
        OLSMultipleLinearRegression batch = new OLSMultipleLinearRegression();
        batch.setNoIntercept(!intercept);
        batch.newSampleData(Y, X);
        double[] expected = pValues(batch.estimateRegressionParameters(),
                batch.estimateRegressionParametersStandardErrors(), X.length - (FEATURES.size() + (intercept ? 1 : 0)));

        for (ModelKind kind : List.of(ModelKind.OLS, ModelKind.rls(1))) {
            LeastSquaresModel model = kind.create(FEATURES, intercept, 0.95, 0);
            for (int i = 0; i < X.length; i++) {
                model.learn(X[i], Y[i]);
            }
            List<ModelSnapshot.Coefficient> coefficients = model.snapshot().coefficients();
            for (int j = 0; j < expected.length; j++) {
                assertThat(coefficients.get(j).pValue())
                        .as("%s %s p-value", kind, coefficients.get(j).name())
                        .isCloseTo(expected[j], offset(TOLERANCE));
            }
        }
        assertThat(Arrays.stream(expected).anyMatch(p -> p < 1e-6) && Arrays.stream(expected).anyMatch(p -> p > 0.1))
                .as("the dataset tests small and large p-values: %s", Arrays.toString(expected)).isTrue();
    }

    /**
     * The batch fit of rows and targets scaled by √wᵢ has the weighted coefficients and (XᵀWX)⁻¹;
     * its s² is recomputed with ν = Σwᵢ − p degrees of freedom, as {@code rls} defines them.
     */
    @Test
    void equalWeightedTestsWithEffectiveDegreesOfFreedomForRls() {
        double lambda = 0.97;
        int n = X.length;
        double[][] scaledX = new double[n][];
        double[] scaledY = new double[n];
        double weightSum = 0;
        RlsModel model = new RlsModel(FEATURES, true, 0.95, 0, lambda);
        for (int i = 0; i < n; i++) {
            model.learn(X[i], Y[i]);
            double weight = Math.pow(lambda, n - 1 - i);
            double root = Math.sqrt(weight);
            double[] row = BatchFit.designRow(X[i], true);
            for (int j = 0; j < row.length; j++) {
                row[j] *= root;
            }
            scaledX[i] = row;
            scaledY[i] = root * Y[i];
            weightSum += weight;
        }
        OLSMultipleLinearRegression batch = new OLSMultipleLinearRegression();
        batch.setNoIntercept(true);
        batch.newSampleData(scaledY, scaledX);
        int parameters = FEATURES.size() + 1;
        double nu = weightSum - parameters;
        double rescale = Math.sqrt((n - parameters) / nu); // s from n − p to ν degrees of freedom
        double[] errors = batch.estimateRegressionParametersStandardErrors();
        for (int j = 0; j < errors.length; j++) {
            errors[j] *= rescale;
        }
        double[] expected = pValues(batch.estimateRegressionParameters(), errors, nu);

        List<ModelSnapshot.Coefficient> coefficients = model.snapshot().coefficients();
        for (int j = 0; j < expected.length; j++) {
            assertThat(coefficients.get(j).pValue())
                    .as("%s p-value", coefficients.get(j).name())
                    .isCloseTo(expected[j], offset(TOLERANCE));
        }
    }

    @Test
    void isNegligibleForAnExactFitAndNaNWhileNotIdentified() {
        OlsModel model = new OlsModel(List.of("feed"));
        assertThat(model.snapshot().coefficients()).allSatisfy(c -> assertThat(c.pValue()).isNaN());
        for (int x = 0; x < 20; x++) {
            model.learn(new double[] {x}, 2 * x + 1);
        }
        assertThat(model.snapshot().coefficients()).allSatisfy(c -> assertThat(c.pValue()).isLessThan(1e-100));
    }

    private static double[] pValues(double[] estimates, double[] standardErrors, double degreesOfFreedom) {
        TDistribution t = new TDistribution(degreesOfFreedom);
        double[] p = new double[estimates.length];
        for (int j = 0; j < p.length; j++) {
            p[j] = 2 * t.cumulativeProbability(-Math.abs(estimates[j] / standardErrors[j]));
        }
        return p;
    }
}
