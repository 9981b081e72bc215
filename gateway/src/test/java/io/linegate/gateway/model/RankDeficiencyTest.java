package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that a rank-deficient design (a constant feature next to the intercept, a feature
 * that is a linear combination of others, fewer observations than coefficients) gives the basic
 * least-squares solution, as R's {@code lm} does: the aliased coefficients exactly 0 and flagged,
 * every other number that of a batch (weighted, for {@code rls}) least-squares fit of the columns
 * not aliased, all estimates finite, no prediction, and {@code identified} false.
 */
class RankDeficiencyTest {

    /** Agreement demanded of the fit of the columns not aliased with a batch fit of those columns alone. */
    static final double RELATIVE_TOLERANCE = 1e-9;

    static Stream<ModelKind> kinds() {
        return Stream.of(ModelKind.OLS, ModelKind.rls(1), ModelKind.rls(0.98));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void constantFeatureNextToTheInterceptIsAliasedAndTheRestIsTheFitWithoutIt(ModelKind kind,
            TestReporter reporter) {
        Random random = new Random(101);
        double worst = 0;
        for (double constant : new double[] {0, 1, 0.7, -1.3, 7.25e6}) {
            worst = Math.max(worst, learnAndCompare(kind, List.of("feed", "state", "speed"), List.of("state"), 150,
                    () -> {
                        double feed = 50 + 5 * random.nextGaussian();
                        double speed = 3 + random.nextGaussian();
                        return new double[] {feed, constant, speed};
                    },
                    x -> 1 + 2 * x[0] - 4 * x[2] + random.nextGaussian()));
        }
        reporter.publishEntry(kind + " constant feature", String.format("max relative error vs subset batch %.2e",
                worst));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void exactlyCollinearFeatureIsAliasedAndTheRestIsTheFitWithoutIt(ModelKind kind, TestReporter reporter) {
        Random random = new Random(102);
        double worst = learnAndCompare(kind, List.of("x1", "x2", "x3"), List.of("x3"), 150,
                () -> {
                    double x1 = 10 + 2 * random.nextGaussian();
                    return new double[] {x1, random.nextGaussian(), 2 * x1 + 1};
                },
                x -> 3 + x[0] - 2 * x[1] + random.nextGaussian());
        reporter.publishEntry(kind + " x3 = 2·x1 + 1", String.format("max relative error vs subset batch %.2e",
                worst));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void constantAndCollinearFeaturesTogetherAreBothAliased(ModelKind kind, TestReporter reporter) {
        Random random = new Random(103);
        double worst = learnAndCompare(kind, List.of("x1", "state", "x2", "x3"), List.of("state", "x3"), 150,
                () -> {
                    double x1 = 10 + 2 * random.nextGaussian();
                    return new double[] {x1, 7.25, random.nextGaussian(), 2 * x1 + 1};
                },
                x -> 3 + x[0] - 2 * x[2] + random.nextGaussian());
        reporter.publishEntry(kind + " both", String.format("max relative error vs subset batch %.2e", worst));
    }

    /**
     * x2 = 0.7·x1 − 0.3·x3 + 5 with x3 last: as in {@code lm}, the column that is a combination of
     * earlier ones is x3, not x2.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theLaterColumnOfADependentSetIsTheAliasedOne(ModelKind kind) {
        Random random = new Random(104);
        learnAndCompare(kind, List.of("x1", "x2", "x3"), List.of("x3"), 100,
                () -> {
                    double x1 = 100 + 10 * random.nextGaussian();
                    double x3 = 3 + random.nextGaussian();
                    return new double[] {x1, 0.7 * x1 - 0.3 * x3 + 5, x3};
                },
                x -> 1 + x[0] + random.nextGaussian());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void duplicatedFeatureWithoutAnInterceptIsAliased(ModelKind kind) {
        List<String> names = List.of("a", "b", "aCopy");
        LeastSquaresModel model = kind.create(names, false, 0.95, 0);
        Random random = new Random(105);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 1; n <= 80; n++) {
            double a = 5 + random.nextGaussian();
            double[] x = {a, random.nextGaussian(), a};
            double y = 2 * a + x[1] + random.nextGaussian();
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
            if (n > 3) {
                assertIsTheFitWithoutTheAliased(model, kind, xs, ys, List.of("aCopy"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void onceTheConstantFeatureVariesEverythingIsAsBefore(ModelKind kind) {
        List<String> names = List.of("feed", "state", "speed");
        LeastSquaresModel model = kind.create(names);
        SyntheticLine line = new SyntheticLine(106, 3, true, 1.0);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 1; n <= 150; n++) {
            double[] x = line.nextFeatures();
            if (n <= 30) {
                x[1] = 7.25;
            }
            double y = line.nextTarget(x);
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
            ModelSnapshot snapshot = model.snapshot();
            if (n <= 30) {
                // Features beyond the observations seen are aliased too: one fixes the intercept, two feed.
                assertThat(snapshot.aliased()).as("aliased at %d", n)
                        .containsExactlyElementsOf(n >= 3 ? List.of("state") : names.subList(n - 1, 3));
                assertThat(model.predict(x)).as("prediction at %d", n).isEmpty();
            } else {
                assertThat(snapshot.identified()).as("identified at %d", n).isTrue();
                assertThat(snapshot.aliased()).as("aliased at %d", n).isEmpty();
                assertThat(snapshot.coefficients()).noneMatch(ModelSnapshot.Coefficient::aliased);
                assertThat(snapshot.influenceRanking()).containsExactlyInAnyOrderElementsOf(names);
                assertThat(model.predict(x)).as("prediction at %d", n).isPresent();
            }
        }
        if (kind.equals(ModelKind.OLS)) {
            BatchAgreement.assertAgrees((OlsModel) model, xs, ys, true);
        } else {
            RlsModelBatchEquivalenceTest.assertAgreesWithWeightedBatch((RlsModel) model, kind + ", ", xs, ys,
                    WeightedBatchFit.forgettingWeights(kind.forgettingFactor(), xs.size()), line.nextFeatures());
        }
    }

    /**
     * One observation fixes the intercept alone; each further one a feature more, in order; with
     * as many observations as coefficients nothing is aliased but nothing is left to estimate
     * a standard error from. The fit interpolates the observations throughout.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void withNoMoreObservationsThanCoefficientsTheFeaturesBeyondThemAreAliased(ModelKind kind) {
        List<String> names = List.of("x0", "x1", "x2");
        LeastSquaresModel model = kind.create(names);
        SyntheticLine line = new SyntheticLine(107, 3, true, 1.0);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        assertThat(model.snapshot().coefficients()).allSatisfy(c -> assertThat(c.estimate()).isNaN());
        assertThat(model.snapshot().aliased()).isEmpty();
        assertThat(model.snapshot().influenceRanking()).isEmpty();
        for (int n = 1; n <= 4; n++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
            ModelSnapshot snapshot = model.snapshot();

            assertThat(snapshot.identified()).isFalse();
            assertThat(snapshot.aliased()).as("aliased at %d", n).containsExactlyElementsOf(names.subList(n - 1, 3));
            assertThat(snapshot.influenceRanking().subList(n - 1, 3))
                    .containsExactlyElementsOf(names.subList(n - 1, 3));
            assertThat(snapshot.residualStdError()).isNaN();
            assertThat(snapshot.adjustedRSquared()).isNaN();
            double[] beta = model.coefficients();
            for (int i = 0; i < n; i++) {
                double[] design = BatchFit.designRow(xs.get(i), true);
                double fitted = IntStream.range(0, 4).mapToDouble(j -> beta[j] * design[j]).sum();
                BatchAgreement.assertClose("fitted value " + i + " of " + n, fitted, ys.get(i));
            }
            for (ModelSnapshot.Coefficient c : snapshot.coefficients()) {
                assertThat(c.estimate()).as(c.name()).isFinite();
                assertThat(c.standardError()).as(c.name()).isNaN();
                assertThat(c.pValue()).as(c.name()).isNaN();
                assertThat(c.standardized()).as(c.name()).isNaN();
            }
            assertThat(model.predict(x)).isEmpty();
        }
        model.learn(line.nextFeatures(), 1);
        assertThat(model.snapshot().identified()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theBasicSolutionIsDerivedOnlyAndLeavesTheFactorAndCheckpointAsTheyWere(ModelKind kind) {
        List<String> names = List.of("x1", "state", "x3");
        LeastSquaresModel model = kind.create(names);
        Random random = new Random(108);
        for (int n = 0; n < 40; n++) {
            double x1 = random.nextGaussian();
            model.learn(new double[] {x1, 0.7, 3 * x1 - 2}, x1 + random.nextGaussian());
        }
        QrAccumulator.State factor = model.factorState();
        byte[] checkpoint = model.checkpoint();

        ModelSnapshot snapshot = model.snapshot();

        assertThat(snapshot.aliased()).containsExactly("state", "x3");
        assertThat(model.factorState()).isEqualTo(factor);
        assertThat(model.checkpoint()).isEqualTo(checkpoint);
        LeastSquaresModel restored = kind.restore(names, true, 0.95, 0, checkpoint);
        assertThat(restored.snapshot()).isEqualTo(snapshot);
    }

    @Test
    void standardizedCoefficientsOfTheFeaturesNotAliasedAreThoseOfTheSubsetFit() {
        OlsModel model = new OlsModel(List.of("feed", "state", "speed"));
        Random random = new Random(109);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            double[] x = {100 + 10 * random.nextGaussian(), 2, 5 + 0.1 * random.nextGaussian()};
            double y = 3 + 0.05 * x[0] + 10 * x[2] + 0.5 * random.nextGaussian();
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
        }
        ModelSnapshot snapshot = model.snapshot();

        double sdY = new StandardDeviation().evaluate(ys.stream().mapToDouble(Double::doubleValue).toArray());
        for (int feature : new int[] {0, 2}) {
            double sdX = new StandardDeviation().evaluate(xs.stream().mapToDouble(x -> x[feature]).toArray());
            ModelSnapshot.Coefficient coefficient = snapshot.coefficients().get(feature + 1);
            BatchAgreement.assertClose(coefficient.name() + " standardized", coefficient.standardized(),
                    coefficient.estimate() * sdX / sdY);
        }
        assertThat(snapshot.coefficients().get(0).standardized()).isZero();
        assertThat(snapshot.influenceRanking()).containsExactly("speed", "feed", "state");
    }

    /**
     * Feeds {@code count} rows to a model of {@code kind} with an intercept and, from the first
     * observation past the parameter count, asserts after every learn that it is the fit without
     * {@code aliased}. Returns the largest relative error of an estimate.
     */
    private static double learnAndCompare(ModelKind kind, List<String> names, List<String> aliased, int count,
            Supplier<double[]> features, Function<double[], Double> target) {
        LeastSquaresModel model = kind.create(names);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        double worst = 0;
        for (int n = 1; n <= count; n++) {
            double[] x = features.get();
            double y = target.apply(x);
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
            if (n > names.size() + 1) {
                worst = Math.max(worst, assertIsTheFitWithoutTheAliased(model, kind, xs, ys, aliased));
            }
        }
        return worst;
    }

    /**
     * Asserts that {@code model} is not identified, that exactly {@code aliased} are aliased (0,
     * with NaN standard error, standardized value and p-value), and that every other estimate,
     * standard error, s, R² and adjusted R² is that of a batch (weighted, with the kind's λ) fit of
     * the columns not aliased, to {@link #RELATIVE_TOLERANCE}. Returns the largest relative error of
     * an estimate.
     */
    static double assertIsTheFitWithoutTheAliased(LeastSquaresModel model, ModelKind kind, List<double[]> xs,
            List<Double> ys, List<String> aliased) {
        List<String> names = model.featureNames();
        int[] kept = IntStream.range(0, names.size()).filter(i -> !aliased.contains(names.get(i))).toArray();
        List<double[]> subset = xs.stream()
                .map(x -> Arrays.stream(kept).mapToDouble(i -> x[i]).toArray())
                .toList();
        WeightedBatchFit expected = new WeightedBatchFit(subset, ys,
                WeightedBatchFit.forgettingWeights(kind.forgettingFactor(), xs.size()), model.hasIntercept());
        ModelSnapshot snapshot = model.snapshot();
        String step = kind + " after " + xs.size() + " observations, ";

        assertThat(snapshot.identified()).as(step + "identified").isFalse();
        assertThat(snapshot.aliased()).as(step + "aliased").containsExactlyElementsOf(aliased);
        assertThat(snapshot.influenceRanking().subList(names.size() - aliased.size(), names.size()))
                .as(step + "influence ranking ends with the aliased").containsExactlyElementsOf(aliased);
        assertThat(model.predict(xs.get(xs.size() - 1))).as(step + "prediction").isEmpty();
        double worst = 0;
        int column = 0;
        for (ModelSnapshot.Coefficient c : snapshot.coefficients()) {
            String what = step + c.name();
            assertThat(c.estimate()).as(what).isFinite();
            if (aliased.contains(c.name())) {
                assertThat(c.aliased()).as(what + " aliased").isTrue();
                assertThat(c.estimate()).as(what).isZero();
                assertThat(c.standardError()).as(what + " std error").isNaN();
                assertThat(c.standardized()).as(what + " standardized").isNaN();
                assertThat(c.pValue()).as(what + " p-value").isNaN();
                continue;
            }
            assertThat(c.aliased()).as(what + " aliased").isFalse();
            worst = Math.max(worst, assertClose(what + " estimate", c.estimate(), expected.coefficient(column)));
            assertClose(what + " std error", c.standardError(), expected.standardError(column));
            assertThat(c.pValue()).as(what + " p-value").isBetween(0.0, 1.0);
            assertThat(c.standardized()).as(what + " standardized").isFinite();
            column++;
        }
        assertClose(step + "residual std error", snapshot.residualStdError(), Math.sqrt(expected.residualVariance));
        assertClose(step + "1 − R²", 1 - snapshot.rSquared(), expected.weightedSse / expected.weightedSst);
        assertClose(step + "1 − adjusted R²", 1 - snapshot.adjustedRSquared(), 1 - expected.adjustedRSquared());
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
