package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies {@link RlsModel#discount}: after any mix of learns and discounts the model is the batch
 * weighted least-squares fit whose weights are the products of every λ and discount applied after
 * each observation (Commons Math on √w-scaled rows, through {@link
 * RlsModelBatchEquivalenceTest#assertAgreesWithWeightedBatch}); a bad factor is refused and
 * changes nothing; weights stay positive under any number of discounts; {@code ols} has none.
 */
class RlsModelDiscountTest {

    private static final List<String> FEATURES = List.of("feed", "state", "speed");

    /**
     * 3,000 learns with three drift reactions (a discount before each learn for 50, 100 and 20
     * windows, factors 0.95, 0.8 and 0.5) and two lone discounts, compared with the batch fit
     * right after a discount, inside a reaction, and well after one.
     */
    @ParameterizedTest(name = "λ={0}")
    @CsvSource({"0.98, 91", "0.999, 92", "1, 93"})
    void equalsBatchWeightedLeastSquaresAfterLearnsAndDiscounts(double lambda, long seed, TestReporter reporter) {
        SyntheticLine line = new SyntheticLine(seed, FEATURES.size(), true, 2.0);
        RlsModel model = new RlsModel(FEATURES, lambda);
        WeightedStream stream = new WeightedStream();
        double worst = 0;
        for (int n = 1; n <= 3_000; n++) {
            double factor = reactionFactor(n);
            if (factor < 1) {
                model.discount(factor);
                stream.discount(factor);
            }
            if (n == 700 || n == 2_200) {
                model.discount(0.3);
                stream.discount(0.3);
                worst = Math.max(worst, stream.assertAgrees(model, "λ=" + lambda + " discounted before learn " + n
                        + ", ", line.nextFeatures()));
            }
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            model.learn(x, y);
            stream.learn(x, y, lambda);
            if (n == 10 || n == 499 || n == 525 || n == 1_000 || n == 1_600 || n == 2_510 || n == 3_000) {
                worst = Math.max(worst, stream.assertAgrees(model, "λ=" + lambda + " after " + n + " learns, ",
                        line.nextFeatures()));
            }
        }
        reporter.publishEntry("λ=" + lambda, String.format("max relative error vs batch WLS %.2e", worst));
    }

    @Test
    void discountingBeforeEachLearnForgetsAsTheProductOfTheFactors() {
        SyntheticLine line = new SyntheticLine(94, FEATURES.size(), true, 1.0);
        RlsModel discounted = new RlsModel(FEATURES, 0.99);
        RlsModel faster = new RlsModel(FEATURES, 0.99 * 0.9);
        for (int n = 0; n < 500; n++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            discounted.discount(0.9);
            discounted.learn(x, y);
            faster.learn(x, y);
        }
        double[] expected = faster.coefficients();
        double[] actual = discounted.coefficients();
        for (int j = 0; j < expected.length; j++) {
            assertThat(actual[j]).isCloseTo(expected[j], within(1e-10 * Math.abs(expected[j])));
        }
        double s = faster.snapshot().residualStdError();
        assertThat(discounted.snapshot().residualStdError()).isCloseTo(s, within(1e-10 * s));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.5, 1.0000000000000002, 2, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY})
    void refusesAFactorOutsideZeroToOneNamingItAndChangesNothing(double factor) {
        RlsModel model = learned(0.95, 30);
        byte[] before = model.checkpoint();

        assertThatThrownBy(() -> model.discount(factor))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("factor must be in (0, 1]. Found: " + factor);
        assertThat(model.checkpoint()).isEqualTo(before);
    }

    @Test
    void discountByOneChangesNothing() {
        RlsModel model = learned(0.95, 30);
        byte[] before = model.checkpoint();

        model.discount(1);

        assertThat(model.checkpoint()).isEqualTo(before);
    }

    @Test
    void discountBeforeTheFirstLearnChangesNothing() {
        RlsModel model = new RlsModel(FEATURES, 0.95);
        byte[] fresh = model.checkpoint();

        model.discount(0.5);

        assertThat(model.checkpoint()).isEqualTo(fresh);
    }

    /**
     * A discount takes the total weight below 1; the checkpoint restores it (the invariant is
     * (0, n], no longer [1, n]) and the two models go on identically.
     */
    @Test
    void restoresAModelWhoseTotalWeightADiscountTookBelowOne() {
        SyntheticLine line = new SyntheticLine(95, FEATURES.size(), true, 1.0);
        RlsModel original = learned(0.9, 40);
        original.discount(0.01);

        RlsModel restored = RlsModel.restore(FEATURES, true, 0.95, 0, 0.9, original.checkpoint());

        OlsModelCheckpointTest.assertIdentical(original, restored, line.nextFeatures());
        for (int n = 0; n < 50; n++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            original.discount(0.7);
            restored.discount(0.7);
            original.learn(x, y);
            restored.learn(x, y);
            OlsModelCheckpointTest.assertIdentical(original, restored, x);
        }
    }

    /**
     * Three thousand halvings with nothing learned: the weights in the factor and the moments are
     * held at the floor rather than underflowing to 0, the checkpoint still restores, and once
     * new rows come the fit is theirs alone, as the batch fit with the old weights (now 0 in
     * double) says.
     */
    @Test
    void keepsWeightsPositiveThroughAnyNumberOfDiscountsAndThenFitsTheNewRows() {
        SyntheticLine line = new SyntheticLine(96, FEATURES.size(), true, 1.0);
        RlsModel model = new RlsModel(FEATURES, 0.95);
        WeightedStream stream = new WeightedStream();
        for (int n = 0; n < 40; n++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            model.learn(x, y);
            stream.learn(x, y, 0.95);
        }
        for (int i = 0; i < 3_000; i++) {
            model.discount(0.5);
            stream.discount(0.5);
        }
        assertThat(Arrays.stream(model.factorState().d()).min().orElseThrow()).isEqualTo(QrAccumulator.FORGET_FLOOR);
        RlsModel restored = RlsModel.restore(FEATURES, true, 0.95, 0, 0.95, model.checkpoint());
        OlsModelCheckpointTest.assertIdentical(model, restored, line.nextFeatures());

        for (int n = 0; n < 30; n++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            model.learn(x, y);
            stream.learn(x, y, 0.95);
        }
        stream.assertAgrees(model, "30 learns after 3000 halvings, ", line.nextFeatures());
    }

    @Test
    void olsHasNoDiscountAndRefusesOneFromInsideThePackageUnchanged() {
        assertThat(Arrays.stream(OlsModel.class.getMethods()).map(Method::getName)).doesNotContain("discount");
        OlsModel ols = new OlsModel(FEATURES);
        SyntheticLine line = new SyntheticLine(97, FEATURES.size(), true, 1.0);
        for (int n = 0; n < 10; n++) {
            double[] x = line.nextFeatures();
            ols.learn(x, line.nextTarget(x));
        }
        byte[] before = ols.checkpoint();

        assertThatThrownBy(() -> ols.discount(0.5)).isInstanceOf(IllegalStateException.class);
        assertThat(ols.checkpoint()).isEqualTo(before);
    }

    /** Past reaction windows the factor is 1: discounts of 0.95, 0.8 and 0.5 before each learn. */
    private static double reactionFactor(int n) {
        if (n > 500 && n <= 550) {
            return 0.95;
        }
        if (n > 1_500 && n <= 1_600) {
            return 0.8;
        }
        if (n > 2_500 && n <= 2_520) {
            return 0.5;
        }
        return 1;
    }

    private static RlsModel learned(double lambda, int learns) {
        SyntheticLine line = new SyntheticLine(98, FEATURES.size(), true, 1.0);
        RlsModel model = new RlsModel(FEATURES, lambda);
        for (int n = 0; n < learns; n++) {
            double[] x = line.nextFeatures();
            model.learn(x, line.nextTarget(x));
        }
        return model;
    }

    /** What the model saw, with each observation's weight kept explicitly as the product of its factors. */
    private static final class WeightedStream {

        private final List<double[]> xs = new ArrayList<>();
        private final List<Double> ys = new ArrayList<>();
        private double[] weights = new double[0];

        void learn(double[] x, double y, double lambda) {
            discount(lambda);
            xs.add(x);
            ys.add(y);
            weights = Arrays.copyOf(weights, weights.length + 1);
            weights[weights.length - 1] = 1;
        }

        void discount(double factor) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] *= factor;
            }
        }

        double assertAgrees(RlsModel model, String step, double[] query) {
            return RlsModelBatchEquivalenceTest.assertAgreesWithWeightedBatch(model, step, xs, ys, weights, query);
        }
    }
}
