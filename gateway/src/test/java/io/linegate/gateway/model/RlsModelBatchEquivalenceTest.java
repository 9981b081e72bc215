package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies that {@code rls} after n learns is the batch weighted least-squares fit with weights
 * λⁿ⁻ⁱ from the very first window (no prior), computed by Commons Math's Householder-QR
 * {@code OLSMultipleLinearRegression} on rows and targets scaled by √wᵢ: coefficients, standard
 * errors, weighted R², and the prediction and its interval at a new point.
 */
class RlsModelBatchEquivalenceTest {

    static final double RELATIVE_TOLERANCE = 1e-8;
    private static final int FEATURES = 3;

    @ParameterizedTest(name = "λ={0}")
    @CsvSource({"0.9, 81", "0.98, 82", "0.999, 83"})
    void equalsBatchWeightedLeastSquaresOverTenThousandLearns(double lambda, long seed, TestReporter reporter) {
        SyntheticLine line = new SyntheticLine(seed, FEATURES, true, 2.0);
        RlsModel model = new RlsModel(OlsModelBatchEquivalenceTest.names(FEATURES), true, 0.95, 0, lambda);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        double worst = 0;
        for (int n = 1; n <= 10_000; n++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
            if (n == 6 || n == 50 || n == 1_000 || n == 10_000) {
                worst = Math.max(worst, assertAgrees(model, lambda, xs, ys, line.nextFeatures()));
            }
        }
        reporter.publishEntry("λ=" + lambda, String.format("max relative error vs batch WLS %.2e", worst));
    }

    /** Asserts agreement after the learns in {@code xs}, {@code ys}; returns the largest relative error. */
    private static double assertAgrees(RlsModel model, double lambda, List<double[]> xs, List<Double> ys,
            double[] query) {
        int n = xs.size();
        return assertAgreesWithWeightedBatch(model, "λ=" + lambda + " after " + n + " learns, ", xs, ys,
                WeightedBatchFit.forgettingWeights(lambda, n), query);
    }

    /**
     * Asserts that {@code model} (with an intercept and 95 % intervals) agrees with the batch
     * weighted least-squares fit of {@code xs}, {@code ys} with row weights {@code weights}, to
     * {@link #RELATIVE_TOLERANCE}: coefficients, standard errors, s, 1 − R², and the prediction
     * and interval half width at {@code query}. Returns the largest relative error.
     *
     * @param step says where in the stream, to open assertion messages
     */
    static double assertAgreesWithWeightedBatch(RlsModel model, String step, List<double[]> xs, List<Double> ys,
            double[] weights, double[] query) {
        WeightedBatchFit weighted = new WeightedBatchFit(xs, ys, weights, true);
        BatchFit batch = weighted.batch;
        int parameters = weighted.parameters;
        double residualVariance = weighted.residualVariance;
        double nu = weighted.nu;

        ModelSnapshot snapshot = model.snapshot();
        assertThat(snapshot.identified()).as(step + "identified").isTrue();
        double worst = 0;
        for (int j = 0; j < parameters; j++) {
            ModelSnapshot.Coefficient coefficient = snapshot.coefficients().get(j);
            worst = Math.max(worst, assertClose(step + coefficient.name() + " estimate", coefficient.estimate(),
                    batch.coefficients[j]));
            worst = Math.max(worst, assertClose(step + coefficient.name() + " std error",
                    coefficient.standardError(), Math.sqrt(residualVariance * batch.inverseGram.getEntry(j, j))));
        }
        worst = Math.max(worst, assertClose(step + "residual std error", snapshot.residualStdError(),
                Math.sqrt(residualVariance)));
        worst = Math.max(worst, assertClose(step + "1 − R²", 1 - snapshot.rSquared(),
                weighted.weightedSse / weighted.weightedSst));

        RealVector design = new ArrayRealVector(BatchFit.designRow(query, true));
        double expectedValue = design.dotProduct(new ArrayRealVector(batch.coefficients));
        double t = new TDistribution(nu).inverseCumulativeProbability(0.975);
        double expectedHalfWidth = t * Math.sqrt(residualVariance
                * (1 + design.dotProduct(batch.inverseGram.operate(design))));
        ModelPrediction prediction = model.predict(query).orElseThrow();
        worst = Math.max(worst, assertClose(step + "prediction", prediction.value(), expectedValue));
        worst = Math.max(worst, assertClose(step + "interval half width", prediction.upper() - prediction.value(),
                expectedHalfWidth));
        return worst;
    }

    private static double assertClose(String what, double actual, double expected) {
        double relative = Math.abs(actual - expected) / Math.abs(expected);
        assertThat(relative)
                .as("%s: %s vs batch %s", what, actual, expected)
                .isLessThanOrEqualTo(RELATIVE_TOLERANCE);
        return relative;
    }
}
