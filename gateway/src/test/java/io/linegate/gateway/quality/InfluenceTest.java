package io.linegate.gateway.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.linegate.gateway.model.ModelSnapshot;
import io.linegate.gateway.model.OlsModel;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/**
 * Verifies that {@link Influence} ranks features by standardized effect on a fit by Commons
 * Math's batch OLS, agrees with the model's own standardized coefficients, and handles features
 * whose effect is unknown.
 */
class InfluenceTest {

    private static final List<String> FEATURES = List.of("feed", "speed", "state");

    @Test
    void recoversTheDominantFeatureOfASimulatedLine() {
        // Raw coefficients 0.2, 5, -1 on features with sd 10, 1, 0.5: standardized effects are
        // proportional to 2, 5, -0.5, so speed dominates although feed's values are largest.
        Random random = new Random(42);
        int n = 500;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        OlsModel model = new OlsModel(FEATURES);
        for (int i = 0; i < n; i++) {
            x[i][0] = 50 + 10 * random.nextGaussian();
            x[i][1] = random.nextGaussian();
            x[i][2] = 5 + 0.5 * random.nextGaussian();
            y[i] = 3 + 0.2 * x[i][0] + 5 * x[i][1] - x[i][2] + random.nextGaussian();
            model.learn(x[i], y[i]);
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] beta = ols.estimateRegressionParameters();
        double[] se = ols.estimateRegressionParametersStandardErrors();
        double[] sdFeatures = new double[3];
        for (int j = 0; j < 3; j++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = x[i][j];
            }
            sdFeatures[j] = new StandardDeviation().evaluate(column);
        }
        double sdTarget = new StandardDeviation().evaluate(y);

        List<Influence.Entry> ranking = Influence.rank("efficiency", FEATURES,
                new double[] {beta[1], beta[2], beta[3]}, new double[] {se[1], se[2], se[3]}, sdFeatures, sdTarget);

        assertThat(ranking).extracting(Influence.Entry::feature).containsExactly("speed", "feed", "state");
        assertThat(ranking).extracting(Influence.Entry::rank).containsExactly(1, 2, 3);
        assertThat(ranking).allMatch(Influence.Entry::identified);
        assertThat(ranking.stream().mapToDouble(Influence.Entry::share).sum()).isCloseTo(1, within(1e-12));
        Influence.Entry speed = ranking.get(0);
        double trueStandardized = 5 * sdFeatures[1] / sdTarget;
        assertThat(speed.lower()).isLessThan(trueStandardized);
        assertThat(speed.upper()).isGreaterThan(trueStandardized);
        assertThat(speed.standardError()).isCloseTo(se[2] * sdFeatures[1] / sdTarget, within(1e-15));
        assertThat(ranking.get(2).standardized()).isNegative();
        assertThat(speed.plainText()).matches(
                "speed moves efficiency most: \\+1 sd of speed → \\+0\\.\\d\\d sd of efficiency \\(±0\\.0\\d\\)");
        assertThat(ranking.get(1).plainText()).startsWith("feed moves efficiency 2nd most: +1 sd of feed → +0.");
        assertThat(ranking.get(2).plainText()).startsWith("state moves efficiency 3rd most: +1 sd of state → -0.");
        // The model's own snapshot uses the same definition.
        for (ModelSnapshot.Coefficient c : model.snapshot().coefficients().subList(1, 4)) {
            Influence.Entry entry = ranking.stream().filter(e -> e.feature().equals(c.name())).findFirst()
                    .orElseThrow();
            assertThat(entry.standardized()).isCloseTo(c.standardized(), within(1e-9));
        }
        assertThat(model.snapshot().influenceRanking()).containsExactly("speed", "feed", "state");
    }

    @Test
    void unidentifiedFeaturesGoLastAndSaySo() {
        List<Influence.Entry> ranking = Influence.rank("efficiency", FEATURES,
                new double[] {Double.NaN, 0.5, 2}, new double[] {Double.NaN, 0.1, Double.NaN},
                new double[] {1, 0, 1}, 2);

        assertThat(ranking).extracting(Influence.Entry::feature).containsExactly("state", "speed", "feed");
        Influence.Entry state = ranking.get(0);
        assertThat(state.standardized()).isEqualTo(1);
        assertThat(state.share()).isEqualTo(1);
        assertThat(state.lower()).isNaN();
        assertThat(state.plainText()).isEqualTo(
                "state moves efficiency most: +1 sd of state → +1.00 sd of efficiency (uncertainty unknown)");
        Influence.Entry speed = ranking.get(1);
        assertThat(speed.identified()).isTrue();
        assertThat(speed.standardized()).isZero();
        assertThat(speed.plainText()).endsWith("(±0.00, could be no effect)");
        Influence.Entry feed = ranking.get(2);
        assertThat(feed.identified()).isFalse();
        assertThat(feed.rank()).isEqualTo(3);
        assertThat(feed.standardized()).isNaN();
        assertThat(feed.share()).isNaN();
        assertThat(feed.plainText()).startsWith("feed: effect on efficiency not identified");
    }

    @Test
    void nothingIsIdentifiedWhenTheTargetHasNoSpread() {
        List<Influence.Entry> ranking = Influence.rank("efficiency", FEATURES, new double[] {1, 2, 3},
                new double[] {0.1, 0.1, 0.1}, new double[] {1, 1, 1}, 0);

        assertThat(ranking).noneMatch(Influence.Entry::identified);
        assertThat(ranking).extracting(Influence.Entry::feature).containsExactlyElementsOf(FEATURES);
    }

    @Test
    void refusesInconsistentInput() {
        assertThatThrownBy(() -> Influence.rank("y", FEATURES, new double[2], new double[3], new double[3], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("estimates must have one value per feature (3). Found: 2");
        assertThatThrownBy(() -> Influence.rank("y", FEATURES, new double[3], new double[3],
                new double[] {1, -1, 1}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sdFeatures of speed must not be negative. Found: -1.0");
        assertThatThrownBy(() -> Influence.rank("y", List.of("a", "a"), new double[2], new double[2],
                new double[2], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features must be distinct. Found: [a, a]");
    }
}
