package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verifies the behaviour of {@link OlsModel} around its edges: too little data, bad designs, bad calls. */
class OlsModelTest {

    private static final List<String> FEATURES = List.of("feed", "state", "speed");

    @Test
    void predictReturnsEmptyBeforeMinObservations() {
        OlsModel model = new OlsModel(List.of("feed", "speed"));
        SyntheticLine line = new SyntheticLine(1, 2, true, 1.0);
        assertThat(model.minObservations()).isEqualTo(4);
        for (int n = 0; n < 3; n++) {
            double[] x = line.nextFeatures();
            assertThat(model.predict(x)).as("prediction after %d observations", n).isEmpty();
            model.learn(x, line.nextTarget(x));
        }
        double[] x = line.nextFeatures();
        assertThat(model.predict(x)).isEmpty();
        model.learn(x, line.nextTarget(x));

        assertThat(model.predict(line.nextFeatures())).isPresent();
    }

    @Test
    void zeroMinObservationsSelectsParametersPlusOne() {
        assertThat(new OlsModel(FEATURES, true, 0.95, 0).minObservations()).isEqualTo(5);
        assertThat(new OlsModel(FEATURES, false, 0.95, 0).minObservations()).isEqualTo(4);
        assertThat(new OlsModel(FEATURES).minObservations()).isEqualTo(OlsModel.defaultMinObservations(3, true));
    }

    @Test
    void predictWaitsForAConfiguredMinimumAboveTheDefault() {
        OlsModel model = new OlsModel(List.of("feed"), true, 0.95, 10);
        SyntheticLine line = new SyntheticLine(2, 1, true, 1.0);
        for (int n = 0; n < 9; n++) {
            double[] x = line.nextFeatures();
            model.learn(x, line.nextTarget(x));
            assertThat(model.predict(x)).isEmpty();
        }
        assertThat(model.snapshot().identified()).isTrue();
        double[] x = line.nextFeatures();
        model.learn(x, line.nextTarget(x));

        assertThat(model.predict(x)).isPresent();
    }

    /** x2 as a function of x1: exact doubling, scalings that round, and an affine map. */
    @ParameterizedTest
    @ValueSource(doubles = {2.0, 3.0, 0.7, -1.3, 1e-3, 1e5})
    void collinearFeaturesGiveNoPredictionAndTheLaterIsAliased(double factor) {
        assertNeverIdentified(x1 -> factor * x1);
        assertNeverIdentified(x1 -> factor * x1 + 7.3);
    }

    @Test
    void featureThatIsALinearCombinationOfEarlierOnesIsAliased() {
        OlsModel model = new OlsModel(FEATURES);
        Random random = new Random(5);
        for (int n = 0; n < 200; n++) {
            double feed = 100 + 10 * random.nextGaussian();
            double speed = 3 + random.nextGaussian();
            double[] x = {feed, 0.7 * feed - 0.3 * speed + 5, speed};
            model.learn(x, 1 + feed + random.nextGaussian());
            assertThat(model.predict(x)).isEmpty();
        }
        // As in R's lm, the column that is a combination of earlier ones: speed, not state.
        assertAliased(model.snapshot(), "speed");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, 0.7, -1.3, 7.25e6})
    void constantFeatureGivesNoPredictionAndIsAliased(double constant) {
        OlsModel model = new OlsModel(List.of("feed", "state"));
        Random random = new Random(6);
        for (int n = 0; n < 100; n++) {
            double[] x = {50 + random.nextGaussian(), constant};
            model.learn(x, 2 * x[0] + random.nextGaussian());
            assertThat(model.predict(x)).isEmpty();
        }
        assertAliased(model.snapshot(), "state");
        assertThat(model.coefficients()[2]).isZero();
        assertThat(model.coefficients()[1]).isCloseTo(2, offset(0.3)); // three standard errors
    }

    @Test
    void constantFeatureWithoutInterceptPlaysTheIntercept() {
        OlsModel model = new OlsModel(List.of("one", "feed"), false, 0.95, 3);
        Random random = new Random(7);
        for (int n = 0; n < 50; n++) {
            double[] x = {1.0, random.nextGaussian()};
            model.learn(x, 4 + 2 * x[1] + 0.01 * random.nextGaussian());
        }
        assertThat(model.snapshot().identified()).isTrue();
        assertThat(model.coefficients()[0]).isCloseTo(4, offset(0.01));
        assertThat(model.predict(new double[] {1.0, 0.5})).isPresent();
    }

    @Test
    void exactLinearRelationIsIdentifiedAndPredictedWithAZeroWidthInterval() {
        OlsModel model = new OlsModel(List.of("feed"));
        for (int x = 0; x < 20; x++) {
            model.learn(new double[] {x}, 2 * x + 1);
        }
        ModelPrediction prediction = model.predict(new double[] {30}).orElseThrow();

        assertThat(prediction.value()).isCloseTo(61, offset(1e-9));
        assertThat(prediction.upper() - prediction.lower()).isLessThan(1e-9);
        assertThat(model.snapshot().rSquared()).isCloseTo(1, offset(1e-12));
    }

    @Test
    void exactFitOnCollinearFeaturesNeverPredictsNaNOrInfinity() {
        OlsModel model = new OlsModel(List.of("feed", "feedCopy"));
        Random random = new Random(8);
        for (int n = 0; n < 100; n++) {
            double feed = 10 + random.nextGaussian();
            double[] x = {feed, 0.7 * feed};
            model.learn(x, feed);
            model.predict(x).ifPresent(p -> {
                assertThat(p.value()).isCloseTo(feed, offset(1e-6));
                assertThat(p.lower()).isFinite();
                assertThat(p.upper()).isFinite();
            });
        }
        ModelSnapshot snapshot = model.snapshot();
        if (snapshot.identified()) {
            snapshot.coefficients().forEach(c -> assertThat(Math.abs(c.estimate())).isLessThan(1e6));
        }
    }

    @Test
    void learningOrPredictingWithTheWrongNumberOfFeaturesIsAProgrammerError() {
        OlsModel model = new OlsModel(FEATURES);

        assertThatThrownBy(() -> model.learn(new double[] {1, 2}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features must have 3 values. Found: 2");
        assertThatThrownBy(() -> model.predict(new double[] {1, 2, 3, 4}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features must have 3 values. Found: 4");
        assertThat(model.observations()).isZero();
    }

    @Test
    void nonFiniteValuesAreRejectedAndLeaveTheModelUnchanged() {
        OlsModel model = new OlsModel(FEATURES);
        model.learn(new double[] {1, 2, 3}, 4);

        assertThatThrownBy(() -> model.learn(new double[] {1, Double.NaN, 3}, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature state must be finite. Found: NaN");
        assertThatThrownBy(() -> model.learn(new double[] {1, 2, 3}, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target must be finite. Found: Infinity");
        assertThatThrownBy(() -> model.predict(new double[] {Double.NEGATIVE_INFINITY, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(model.observations()).isEqualTo(1);
    }

    @Test
    void rejectsInvalidConfigurationNamingTheValue() {
        assertThatThrownBy(() -> new OlsModel(FEATURES, true, 1.5, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intervalLevel must be in (0, 1). Found: 1.5");
        assertThatThrownBy(() -> new OlsModel(FEATURES, true, Double.NaN, 5))
                .hasMessage("intervalLevel must be in (0, 1). Found: NaN");
        assertThatThrownBy(() -> new OlsModel(FEATURES, true, 0.95, 4))
                .hasMessage("minObservations must be 0 (the default) or at least 5 (parameters + 1). Found: 4");
        assertThatThrownBy(() -> new OlsModel(FEATURES, false, 0.95, -1))
                .hasMessage("minObservations must be 0 (the default) or at least 4 (parameters + 1). Found: -1");
        assertThatThrownBy(() -> new OlsModel(List.of()))
                .hasMessage("featureNames must name at least one feature. Found: []");
        assertThatThrownBy(() -> new OlsModel(List.of("feed", "feed")))
                .hasMessage("featureNames must be distinct. Found: [feed, feed]");
        assertThatThrownBy(() -> new OlsModel(List.of("intercept", "feed")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotNamesTheInterceptFirstThenFeaturesInConfiguredOrder() {
        OlsModel model = new OlsModel(FEATURES);
        ModelSnapshot snapshot = model.snapshot();

        assertThat(snapshot.kind()).isEqualTo("ols");
        assertThat(snapshot.coefficients()).extracting(ModelSnapshot.Coefficient::name)
                .containsExactly("intercept", "feed", "state", "speed");
        assertEmpty(snapshot);
        assertThat(snapshot.observations()).isZero();

        OlsModel throughOrigin = new OlsModel(FEATURES, false, 0.9, 4);
        assertThat(throughOrigin.snapshot().coefficients()).extracting(ModelSnapshot.Coefficient::name)
                .containsExactly("feed", "state", "speed");
    }

    @Test
    void stateWithTheLargestStandardizedEffectRanksFirstThoughItsRawCoefficientIsNot() {
        OlsModel model = new OlsModel(FEATURES);
        Random random = new Random(9);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            double[] x = {1000 + 100 * random.nextGaussian(), random.nextInt(4), 5 + 0.1 * random.nextGaussian()};
            double y = 3 + 0.005 * x[0] + 2 * x[1] + 10 * x[2] + 0.5 * random.nextGaussian();
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
        }
        ModelSnapshot snapshot = model.snapshot();

        assertThat(snapshot.influenceRanking()).containsExactly("state", "speed", "feed");
        assertThat(Math.abs(snapshot.coefficients().get(3).estimate()))
                .isGreaterThan(Math.abs(snapshot.coefficients().get(2).estimate()));
        assertThat(snapshot.coefficients().get(0).standardized()).isZero();
        double sdY = new StandardDeviation().evaluate(ys.stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < 3; i++) {
            int feature = i;
            double sdX = new StandardDeviation().evaluate(xs.stream().mapToDouble(x -> x[feature]).toArray());
            ModelSnapshot.Coefficient coefficient = snapshot.coefficients().get(i + 1);
            BatchAgreement.assertClose(coefficient.name() + " standardized", coefficient.standardized(),
                    coefficient.estimate() * sdX / sdY);
        }
    }

    @Test
    void solvesAtMostOncePerLearnHoweverOftenItIsAsked() {
        OlsModel model = new OlsModel(FEATURES);
        SyntheticLine line = new SyntheticLine(10, 3, true, 1.0);
        for (int n = 0; n < 10; n++) {
            double[] x = line.nextFeatures();
            model.learn(x, line.nextTarget(x));
        }
        double[] query = line.nextFeatures();
        for (int i = 0; i < 5; i++) {
            model.predict(query);
            model.snapshot();
            model.coefficients();
        }
        assertThat(model.solves()).isEqualTo(1);

        model.learn(query, line.nextTarget(query));
        assertThat(model.solves()).isEqualTo(1);
        model.predict(query);
        model.snapshot();
        assertThat(model.solves()).isEqualTo(2);
    }

    private static void assertNeverIdentified(DoubleUnaryOperator secondFromFirst) {
        OlsModel model = new OlsModel(FEATURES);
        Random random = new Random(4);
        for (int n = 0; n < 200; n++) {
            double feed = 100 + 10 * random.nextGaussian();
            double speed = random.nextGaussian();
            double[] x = {feed, secondFromFirst.applyAsDouble(feed), speed};
            model.learn(x, 3 + 2 * feed + speed + random.nextGaussian());
            assertThat(model.predict(x)).as("prediction after %d observations", n + 1).isEmpty();
        }
        assertAliased(model.snapshot(), "state");
    }

    /** Rank deficient: not identified, exactly {@code aliased} aliased and 0, every estimate finite. */
    private static void assertAliased(ModelSnapshot snapshot, String... aliased) {
        assertThat(snapshot.identified()).isFalse();
        assertThat(snapshot.aliased()).containsExactly(aliased);
        assertThat(snapshot.rSquared()).isFinite();
        assertThat(snapshot.residualStdError()).isFinite();
        snapshot.coefficients().forEach(c -> {
            assertThat(c.estimate()).as(c.name()).isFinite();
            assertThat(c.aliased()).as(c.name()).isEqualTo(List.of(aliased).contains(c.name()));
            if (c.aliased()) {
                assertThat(c.estimate()).as(c.name()).isZero();
                assertThat(c.standardError()).as(c.name()).isNaN();
            } else {
                assertThat(c.standardError()).as(c.name()).isFinite();
            }
        });
    }

    /** Before the first observation: nothing known, nothing aliased. */
    private static void assertEmpty(ModelSnapshot snapshot) {
        assertThat(snapshot.identified()).isFalse();
        assertThat(snapshot.aliased()).isEmpty();
        assertThat(snapshot.influenceRanking()).isEmpty();
        assertThat(snapshot.rSquared()).isNaN();
        assertThat(snapshot.adjustedRSquared()).isNaN();
        assertThat(snapshot.residualStdError()).isNaN();
        snapshot.coefficients().forEach(c -> {
            assertThat(c.estimate()).as(c.name()).isNaN();
            assertThat(c.standardError()).as(c.name()).isNaN();
            assertThat(c.standardized()).as(c.name()).isNaN();
        });
    }
}
