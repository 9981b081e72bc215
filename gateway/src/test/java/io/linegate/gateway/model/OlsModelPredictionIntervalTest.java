package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies {@link OlsModel}'s prediction interval for a new observation,
 * ŷ ± t(1+level)/2, n−p · sqrt(s² + x̃ᵀ s²(XᵀX)⁻¹ x̃), against a direct batch computation, and
 * that it covers new observations at its nominal rate.
 */
class OlsModelPredictionIntervalTest {

    @ParameterizedTest(name = "{0} features, intercept={1}, level={2}, n={3}")
    @CsvSource({
        "1, true, 0.95, 3",
        "3, true, 0.95, 40",
        "3, false, 0.90, 25",
        "6, true, 0.99, 200"
    })
    void equalsDirectComputationFromBatchDesignMatrix(int featureCount, boolean intercept, double level, int n) {
        SyntheticLine line = new SyntheticLine(41 + n, featureCount, intercept, 3.0);
        OlsModel model = new OlsModel(OlsModelBatchEquivalenceTest.names(featureCount), intercept, level,
                OlsModel.defaultMinObservations(featureCount, intercept));
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
        }
        BatchFit batch = new BatchFit(xs, ys, intercept);
        int parameters = batch.coefficients.length;
        double t = new TDistribution(n - parameters).inverseCumulativeProbability((1 + level) / 2);

        for (int q = 0; q < 5; q++) {
            double[] query = line.nextFeatures();
            RealVector design = new ArrayRealVector(BatchFit.designRow(query, intercept));
            double expectedValue = design.dotProduct(new ArrayRealVector(batch.coefficients));
            double expectedHalfWidth = t * Math.sqrt(batch.residualVariance
                    * (1 + design.dotProduct(batch.inverseGram.operate(design))));

            ModelPrediction prediction = model.predict(query).orElseThrow();

            BatchAgreement.assertClose("value", prediction.value(), expectedValue);
            BatchAgreement.assertClose("half width", prediction.upper() - prediction.value(), expectedHalfWidth);
            BatchAgreement.assertClose("lower", prediction.lower(), expectedValue - expectedHalfWidth);
            BatchAgreement.assertClose("upper", prediction.upper(), expectedValue + expectedHalfWidth);
            assertThat(prediction.level()).isEqualTo(level);
            assertThat(prediction.observations()).isEqualTo(n);
        }
    }

    /**
     * 4000 independent small training sets (10 observations, 3 parameters, 7 residual degrees of
     * freedom), one new observation each. The binomial standard deviation of the coverage is
     * 0.34 %, so [93 %, 97 %] is ±5.8 of them; a normal quantile instead of Student's t would
     * cover about 91 %.
     */
    @Test
    void ninetyFivePercentIntervalsCoverAboutNinetyFivePercentOfNewObservations() {
        int draws = 4000;
        int covered = 0;
        for (int draw = 0; draw < draws; draw++) {
            SyntheticLine line = new SyntheticLine(1000 + draw, 2, true, 1.5);
            OlsModel model = new OlsModel(List.of("feed", "speed"));
            for (int i = 0; i < 10; i++) {
                double[] x = line.nextFeatures();
                model.learn(x, line.nextTarget(x));
            }
            double[] x = line.nextFeatures();
            double actual = line.nextTarget(x);
            ModelPrediction prediction = model.predict(x).orElseThrow();
            if (prediction.lower() <= actual && actual <= prediction.upper()) {
                covered++;
            }
        }
        assertThat((double) covered / draws).isBetween(0.93, 0.97);
    }

    @Test
    void predictThenLearnIntervalsCoverAboutNinetyFivePercentOfAStream() {
        SyntheticLine line = new SyntheticLine(77, 3, true, 2.0);
        OlsModel model = new OlsModel(List.of("feed", "state", "speed"));
        int predicted = 0;
        int covered = 0;
        for (int i = 0; i < 4000; i++) {
            double[] x = line.nextFeatures();
            double actual = line.nextTarget(x);
            var prediction = model.predict(x);
            if (prediction.isPresent()) {
                predicted++;
                if (prediction.get().lower() <= actual && actual <= prediction.get().upper()) {
                    covered++;
                }
            }
            model.learn(x, actual);
        }
        assertThat(predicted).isEqualTo(4000 - OlsModel.defaultMinObservations(3, true));
        assertThat((double) covered / predicted).isBetween(0.93, 0.97);
    }
}
