package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies that the online {@code ols} model is the batch least-squares fit of every
 * observation seen, after every learn, against Commons Math's {@code OLSMultipleLinearRegression}.
 */
class OlsModelBatchEquivalenceTest {

    @ParameterizedTest(name = "{0} features, intercept={1}, seed={2}")
    @CsvSource({
        "1, true, 11",
        "3, true, 12",
        "8, true, 13",
        "3, false, 14",
        "8, false, 15"
    })
    void equalsBatchFitAfterEveryLearnFromTheFirstIdentifiedStep(int featureCount, boolean intercept, long seed) {
        SyntheticLine line = new SyntheticLine(seed, featureCount, intercept, 2.0);
        OlsModel model = new OlsModel(names(featureCount), intercept, 0.95,
                OlsModel.defaultMinObservations(featureCount, intercept));
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int parameters = featureCount + (intercept ? 1 : 0);
        for (int n = 1; n <= 300; n++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
            if (n > parameters) {
                BatchAgreement.assertAgrees(model, xs, ys, intercept);
            } else {
                assertThat(model.snapshot().identified()).as("identified with %d observations", n).isFalse();
            }
        }
    }

    @Test
    void predictionEqualsBatchFittedValue() {
        SyntheticLine line = new SyntheticLine(21, 4, true, 1.0);
        OlsModel model = new OlsModel(names(4));
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
        }
        BatchFit batch = new BatchFit(xs, ys, true);
        double[] query = line.nextFeatures();
        double[] design = BatchFit.designRow(query, true);
        double expected = IntStream.range(0, design.length).mapToDouble(i -> batch.coefficients[i] * design[i]).sum();

        BatchAgreement.assertClose("prediction", model.predict(query).orElseThrow().value(), expected);
    }

    @Test
    void featureConstantAtFirstThenVaryingEqualsBatchOnceItVaries() {
        // While the feature is constant it is the intercept column again and its pivot is
        // rounding noise; the fit must still be the batch fit once the feature carries information.
        SyntheticLine line = new SyntheticLine(31, 3, true, 1.0);
        OlsModel model = new OlsModel(names(3));
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 1; n <= 80; n++) {
            double[] x = line.nextFeatures();
            if (n <= 20) {
                x[1] = 7.25;
            }
            double y = line.nextTarget(x);
            model.learn(x, y);
            model.predict(x);
            xs.add(x);
            ys.add(y);
            if (n <= 20) {
                assertThat(model.snapshot().identified()).as("identified at %d", n).isFalse();
            } else {
                BatchAgreement.assertAgrees(model, xs, ys, true);
            }
        }
    }

    static List<String> names(int featureCount) {
        return IntStream.range(0, featureCount).mapToObj(i -> "x" + i).toList();
    }
}
