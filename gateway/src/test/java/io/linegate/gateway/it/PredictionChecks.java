package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.linegate.proto.Coefficient;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.linegate.sim.GroundTruth;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RRQRDecomposition;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/** Checks of what a platform receives, against references computed here (batch OLS, ground truth). */
final class PredictionChecks {

    static final List<String> FEATURES = List.of("feed", "state", "speed");

    private PredictionChecks() {
    }

    /** One prediction per window, seq 1..n without gaps or duplicates, windows consecutive. */
    static void assertOnePerWindowGapFree(List<Prediction> bySeq, int expected, long windowMs) {
        assertThat(bySeq).hasSize(expected);
        for (int i = 0; i < bySeq.size(); i++) {
            Prediction p = bySeq.get(i);
            assertThat(p.getSeq()).as("seq of prediction %d", i).isEqualTo(i + 1L);
            assertThat(p.getWindowEndMs() - p.getWindowStartMs()).isEqualTo(windowMs);
            if (i > 0) {
                assertThat(p.getWindowStartMs()).as("window after seq %d", i)
                        .isEqualTo(bySeq.get(i - 1).getWindowEndMs());
            }
        }
    }

    /**
     * Each prediction equals the batch least-squares fit of all earlier windows applied to its
     * own window's features (prequential: predicted before learning), its interval contains
     * it, and it says how many windows the model had learned from.
     *
     * @return how many predictions carried a value
     */
    static int assertPrequential(List<Prediction> bySeq, int minObservations) {
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int withValue = 0;
        for (Prediction p : bySeq) {
            double[] x = features(p);
            assertThat(p.getModelObservations()).as("observations before seq %d", p.getSeq()).isEqualTo(xs.size());
            if (xs.size() >= minObservations && x != null && !p.hasPredicted()) {
                assertThat(batchRank(xs)).as("seq %d has no prediction, so the earlier windows must not identify "
                        + "every coefficient", p.getSeq()).isLessThan(x.length + 1);
            }
            if (p.hasPredicted()) {
                withValue++;
                double expected = batchPrediction(xs, ys, x);
                assertThat(p.getPredicted()).as("prediction of seq %d vs batch fit", p.getSeq())
                        .isCloseTo(expected, within(1e-7 * Math.max(1, Math.abs(expected))));
                assertThat(p.getIntervalLower()).isLessThanOrEqualTo(p.getPredicted());
                assertThat(p.getIntervalUpper()).isGreaterThanOrEqualTo(p.getPredicted());
                assertThat(p.getIntervalLevel()).isEqualTo(0.95);
            }
            if (p.hasActual() && x != null) {
                xs.add(x);
                ys.add(p.getActual());
            }
        }
        return withValue;
    }

    /** Rank of the design matrix [1, x] of the windows learned so far. */
    private static int batchRank(List<double[]> xs) {
        double[][] design = new double[xs.size()][];
        for (int i = 0; i < design.length; i++) {
            double[] row = new double[xs.get(i).length + 1];
            row[0] = 1;
            System.arraycopy(xs.get(i), 0, row, 1, xs.get(i).length);
            design[i] = row;
        }
        return new RRQRDecomposition(MatrixUtils.createRealMatrix(design)).getRank(1e-9);
    }

    private static double[] features(Prediction p) {
        double[] x = new double[FEATURES.size()];
        for (int i = 0; i < x.length; i++) {
            Double v = p.getFeaturesMap().get(FEATURES.get(i));
            if (v == null) {
                return null;
            }
            x[i] = v;
        }
        return x;
    }

    private static double batchPrediction(List<double[]> xs, List<Double> ys, double[] x) {
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(ys.stream().mapToDouble(Double::doubleValue).toArray(), xs.toArray(new double[0][]));
        double[] beta = ols.estimateRegressionParameters();
        double y = beta[0];
        for (int i = 0; i < x.length; i++) {
            y += beta[i + 1] * x[i];
        }
        return y;
    }

    /** The learned coefficients agree with the simulator's ground truth within 5 standard errors, and are precise. */
    static void assertConverged(ModelSummary model, GroundTruth truth) {
        assertThat(model).as("model summary of %s", truth.lineId()).isNotNull();
        assertThat(model.getUnderdetermined()).isFalse();
        for (Coefficient c : model.getCoefficientsList()) {
            double expected = c.getName().equals("intercept") ? truth.intercept() : truth.coefficient(c.getName());
            assertThat(c.getStdError()).as("std error of %s on %s", c.getName(), truth.lineId())
                    .isGreaterThan(0).isLessThan(0.25 * Math.abs(expected) + 0.05);
            assertThat(c.getEstimate()).as("%s on %s (true %s)", c.getName(), truth.lineId(), expected)
                    .isCloseTo(expected, within(5 * c.getStdError()));
        }
        assertThat(model.getRSquared()).isGreaterThan(0.9);
    }
}
