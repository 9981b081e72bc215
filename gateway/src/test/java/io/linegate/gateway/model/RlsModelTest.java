package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies what {@link RlsModel} adds to {@code ols}: with λ = 1 it is {@code ols} exactly; with
 * λ &lt; 1 it follows a step change within a stated number of windows, survives millions of
 * learns with a feature stuck at 0, and standardizes by exponentially weighted deviations.
 */
class RlsModelTest {

    private static final List<String> FEATURES = List.of("feed", "state", "speed");

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.5, 1.0000000000000002, 2, Double.NaN, Double.NEGATIVE_INFINITY})
    void rejectsAForgettingFactorOutsideZeroToOneNamingIt(double lambda) {
        assertThatThrownBy(() -> new RlsModel(FEATURES, lambda))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("forgettingFactor must be in (0, 1]. Found: " + lambda);
        assertThatThrownBy(() -> RlsModel.restore(FEATURES, true, 0.95, 0, lambda, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("forgettingFactor must be in (0, 1]. Found: " + lambda);
    }

    @Test
    void acceptsTheWholeRangeUpToAndIncludingOne() {
        assertThat(new RlsModel(FEATURES, 1).forgettingFactor()).isEqualTo(1);
        assertThat(new RlsModel(FEATURES, Double.MIN_VALUE).forgettingFactor()).isEqualTo(Double.MIN_VALUE);
        assertThat(new RlsModel(FEATURES, 0.98).kind()).isEqualTo("rls");
    }

    /** Every observable double compared bit for bit; only the kind differs. */
    @ParameterizedTest(name = "intercept={0}, seed={1}")
    @CsvSource({"true, 91", "false, 92"})
    void withoutForgettingPredictsIntervalsAndSnapshotsExactlyAsOls(boolean intercept, long seed) {
        SyntheticLine line = new SyntheticLine(seed, 3, intercept, 1.5);
        OlsModel ols = new OlsModel(FEATURES, intercept, 0.9, 0);
        RlsModel rls = new RlsModel(FEATURES, intercept, 0.9, 0, 1);
        for (int n = 0; n < 500; n++) {
            double[] x = line.nextFeatures();
            if (n < 30) {
                x[1] = 7.25; // not identified at first, as a constant feature next to the intercept
            }
            Optional<ModelPrediction> expected = ols.predict(x);
            assertThat(rls.predict(x)).as("prediction before learn %d", n).isEqualTo(expected);
            assertThat(rls.snapshot()).isEqualTo(withKind(ols.snapshot(), RlsModel.KIND));
            double y = line.nextTarget(x);
            ols.learn(x, y);
            rls.learn(x, y);
        }
        assertThat(rls.predict(line.nextFeatures())).isPresent();
        assertThat(rls.coefficients()).isEqualTo(ols.coefficients());
    }

    /**
     * The truth jumps at window 2000. The fit forgets the old regime as λᵏ, so after 6/(1 − λ) = 120
     * windows what is left of it is λ¹²⁰ = 0.2 % of the jump, below the noise of a fit on about
     * 1/(1 − λ) = 20 windows; after 1/(1 − λ) windows a third of the jump is still there, and
     * {@code ols}, which never forgets, is nowhere near.
     */
    @Test
    void coefficientsReconvergeToTheNewTruthWithinSixMemoryLengthsOfAStepChange() {
        double lambda = 0.95;
        int memory = (int) Math.round(1 / (1 - lambda));
        double[] before = {1, 2, -1};
        double[] after = {4, -1, 0.5};
        RlsModel rls = new RlsModel(List.of("a", "b"), lambda);
        OlsModel ols = new OlsModel(List.of("a", "b"));
        Random random = new Random(93);
        int step = 2000;
        for (int n = 0; n < step + 6 * memory; n++) {
            double[] truth = n < step ? before : after;
            double[] x = {random.nextGaussian(), random.nextGaussian()};
            double y = truth[0] + truth[1] * x[0] + truth[2] * x[1] + 0.1 * random.nextGaussian();
            rls.learn(x, y);
            ols.learn(x, y);
            if (n == step - 1) {
                assertThat(maxDistance(rls.coefficients(), before)).as("before the step").isLessThan(0.1);
            }
            if (n == step + memory - 1) {
                assertThat(maxDistance(rls.coefficients(), after)).as("one memory length after").isGreaterThan(0.5);
            }
        }
        assertThat(maxDistance(rls.coefficients(), after)).as("rls, six memory lengths after").isLessThan(0.1);
        assertThat(maxDistance(ols.coefficients(), after)).as("ols, as long after").isGreaterThan(1);
    }

    /**
     * 2,000,000 learns at λ = 0.95 in five blocks: in each, "stuck" reads 0 for 300,000 windows,
     * long enough for its weight to reach the floor (after about 8,000) and its weighted spread
     * to vanish (about 14,000), then varies for 100,000, while its true coefficient has changed.
     * Nothing may become NaN or infinite, and 10/(1 − λ) = 200 windows after the sensor comes
     * back the fit is the new truth.
     */
    @Test
    void survivesTwoMillionLearnsWithAFeatureStuckAtZeroAndTracksTheTruthWhenItMovesAgain() {
        double lambda = 0.95;
        RlsModel model = new RlsModel(List.of("moving", "stuck"), lambda);
        Random random = new Random(94);
        int stuckFor = 300_000;
        int block = 400_000;
        int predictions = 0;
        for (int n = 0; n < 2_000_000; n++) {
            int inBlock = n % block;
            double[] truth = {1, 2, (n / block) % 2 == 0 ? 3 : -1};
            double[] x = {random.nextGaussian(), inBlock < stuckFor ? 0 : random.nextGaussian()};
            double y = truth[0] + truth[1] * x[0] + truth[2] * x[1] + 0.1 * random.nextGaussian();
            if (n % 101 == 0 || inBlock == stuckFor + 200) {
                Optional<ModelPrediction> prediction = model.predict(x);
                if (prediction.isPresent()) {
                    predictions++;
                    assertThat(DoubleStream.of(prediction.get().lower(), prediction.get().value(),
                            prediction.get().upper()).allMatch(Double::isFinite)).as("prediction at %d", n).isTrue();
                }
                assertFinite(model, n);
            }
            if (inBlock == stuckFor - 1 && n > block) {
                assertThat(model.predict(x)).as("prediction with the sensor stuck for %d windows", stuckFor).isEmpty();
                assertThat(model.factorState().d()[2]).isEqualTo(QrAccumulator.FORGET_FLOOR);
            }
            if (inBlock == stuckFor + 200) {
                assertThat(maxDistance(model.coefficients(), truth))
                        .as("200 windows after the sensor moved again at %d", n).isLessThan(0.05);
                double[] query = {0.5, -1.5};
                ModelPrediction prediction = model.predict(query).orElseThrow();
                double expected = truth[0] + truth[1] * query[0] + truth[2] * query[1];
                assertThat(prediction.lower()).isLessThan(expected);
                assertThat(prediction.upper()).isGreaterThan(expected);
            }
            model.learn(x, y);
        }
        assertThat(model.observations()).isEqualTo(2_000_000);
        assertThat(predictions).as("predictions made").isGreaterThan(2_000_000 / 101 / 5);
        assertFinite(model, 2_000_000);
    }

    /** sd_w = √(Σwᵢ(x − x̄_w)² / (Σwᵢ − 1)) of the most recent windows, not of the whole history. */
    @Test
    void standardizesByExponentiallyWeightedDeviationsThatFollowAChangeOfScale() {
        double lambda = 0.9;
        RlsModel model = new RlsModel(List.of("feed", "speed"), lambda);
        Random random = new Random(95);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 0; n < 600; n++) {
            double feedScale = n < 300 ? 100 : 1; // the feed's spread collapses half way
            double[] x = {50 + feedScale * random.nextGaussian(), 3 + random.nextGaussian()};
            double y = 2 + 0.5 * x[0] + 4 * x[1] + random.nextGaussian();
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
        }
        ModelSnapshot snapshot = model.snapshot();
        double targetSd = weightedSd(ys.stream().mapToDouble(Double::doubleValue).toArray(), lambda);
        for (int i = 0; i < 2; i++) {
            int feature = i;
            double featureSd = weightedSd(xs.stream().mapToDouble(x -> x[feature]).toArray(), lambda);
            ModelSnapshot.Coefficient coefficient = snapshot.coefficients().get(i + 1);
            BatchAgreement.assertClose(coefficient.name() + " standardized", coefficient.standardized(),
                    coefficient.estimate() * featureSd / targetSd);
        }
        // Over the whole history the feed would dominate (0.5 × 70 against 4 × 1); recently it does not.
        assertThat(snapshot.influenceRanking()).containsExactly("speed", "feed");
    }

    private static double weightedSd(double[] values, double lambda) {
        double weightSum = 0;
        double weighted = 0;
        for (int i = 0; i < values.length; i++) {
            double w = Math.pow(lambda, values.length - 1 - i);
            weightSum += w;
            weighted += w * values[i];
        }
        double mean = weighted / weightSum;
        double squares = 0;
        for (int i = 0; i < values.length; i++) {
            double deviation = values[i] - mean;
            squares += Math.pow(lambda, values.length - 1 - i) * deviation * deviation;
        }
        return Math.sqrt(squares / (weightSum - 1));
    }

    private static void assertFinite(RlsModel model, int n) {
        QrAccumulator.State state = model.factorState();
        assertThat(Arrays.stream(state.d()).allMatch(d -> d == 0 || d >= QrAccumulator.FORGET_FLOOR))
                .as("D at %d: %s", n, state).isTrue();
        assertThat(Arrays.stream(state.r()).allMatch(Double::isFinite)).as("R at %d: %s", n, state).isTrue();
        assertThat(Arrays.stream(state.rhs()).allMatch(Double::isFinite)).as("θ at %d: %s", n, state).isTrue();
        assertThat(state.sserr()).as("sserr at %d", n).isFinite();
        ModelSnapshot snapshot = model.snapshot();
        if (snapshot.identified()) {
            snapshot.coefficients().forEach(c -> {
                assertThat(c.estimate()).as("%s at %d", c.name(), n).isFinite();
                assertThat(c.standardError()).as("%s std error at %d", c.name(), n).isFinite();
            });
            assertThat(snapshot.residualStdError()).as("s at %d", n).isFinite();
        }
    }

    private static double maxDistance(double[] actual, double[] expected) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return Double.isNaN(max) ? Double.POSITIVE_INFINITY : max;
    }

    static ModelSnapshot withKind(ModelSnapshot snapshot, String kind) {
        return new ModelSnapshot(kind, snapshot.coefficients(), snapshot.rSquared(), snapshot.adjustedRSquared(),
                snapshot.residualStdError(), snapshot.observations(), snapshot.identified(), snapshot.aliased(),
                snapshot.influenceRanking());
    }
}
