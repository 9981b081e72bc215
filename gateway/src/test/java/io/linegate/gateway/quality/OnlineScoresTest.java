package io.linegate.gateway.quality;

import static io.linegate.gateway.quality.ScoreAssertions.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linegate.gateway.model.ModelPrediction;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Verifies that {@link OnlineScores} reports, over the lifetime and over exactly the last
 * {@code horizon} windows, what a from-scratch recomputation with Commons Math reports.
 */
class OnlineScoresTest {

    @Test
    void lifetimeAndHorizonEqualANaiveRecomputationAfterEveryRecord() {
        for (int horizon : new int[] {1, 2, 7, 100}) {
            Random random = new Random(11 + horizon);
            OnlineScores scores = new OnlineScores(horizon);
            NaiveScores naive = new NaiveScores();
            for (int i = 0; i < 450; i++) {
                double actual = 50 + 10 * random.nextGaussian();
                // Now and then a wild prediction, so that leaving the window must not leave debris.
                double predicted = actual + (random.nextInt(50) == 0 ? 1e6 : 1) * random.nextGaussian();
                double halfWidth = 2 * random.nextDouble();
                scores.record(predicted, actual, predicted - halfWidth, predicted + halfWidth);
                naive.record(predicted, actual, predicted - halfWidth, predicted + halfWidth);

                Scores now = scores.scores();
                assertThat(now.horizon()).isEqualTo(horizon);
                assertClose(now.lifetime(), naive.lifetime(), 1e-12);
                assertClose(now.recent(), naive.lastN(horizon), 1e-12);
            }
        }
    }

    @Test
    void coverageOfExact95PercentIntervalsIsNear95Percent() {
        Random random = new Random(2024);
        OnlineScores scores = new OnlineScores();
        double sigma = 3;
        double z = 1.959963984540054;
        for (int i = 0; i < 5000; i++) {
            double predicted = 100 + 20 * random.nextGaussian();
            double actual = predicted + sigma * random.nextGaussian();
            scores.record(predicted, actual, predicted - z * sigma, predicted + z * sigma);
        }

        Scores.Span lifetime = scores.scores().lifetime();

        assertThat(lifetime.coverage()).isBetween(0.93, 0.97);
        assertThat(lifetime.rootMeanSquaredError()).isBetween(0.95 * sigma, 1.05 * sigma);
        assertThat(lifetime.meanBias()).isBetween(-0.15, 0.15);
        assertThat(lifetime.rSquared()).isBetween(0.95, 0.99);
    }

    @Test
    void everyFigureIsNaNBeforeTheFirstRecord() {
        Scores empty = new OnlineScores(5).scores();

        assertThat(empty.lifetime()).isEqualTo(new Scores.Span(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN));
        assertThat(empty.recent()).isEqualTo(empty.lifetime());
    }

    @Test
    void rSquaredIsNaNWithOnePointOrConstantActuals() {
        OnlineScores scores = new OnlineScores(3);
        scores.record(1, 2, 0, 3);
        assertThat(scores.scores().lifetime().rSquared()).isNaN();
        assertThat(scores.scores().lifetime().meanAbsoluteError()).isEqualTo(1);

        scores.record(3, 2, 0, 1);
        assertThat(scores.scores().lifetime().rSquared()).isNaN();
        assertThat(scores.scores().lifetime().coverage()).isEqualTo(0.5);
        assertThat(scores.scores().lifetime().meanBias()).isZero();
    }

    @Test
    void perfectPredictionsScoreRSquaredOneAndNoError() {
        OnlineScores scores = new OnlineScores(4);
        for (int i = 0; i < 10; i++) {
            scores.record(i, i, i, i);
        }

        Scores.Span recent = scores.scores().recent();

        assertThat(recent).isEqualTo(new Scores.Span(4, 0, 0, 1, 1, 0));
    }

    @Test
    void recordsAModelPredictionWithItsInterval() {
        OnlineScores scores = new OnlineScores();
        scores.record(new ModelPrediction(10, 8, 12, 0.95, 30), 13);

        Scores.Span lifetime = scores.scores().lifetime();

        assertThat(lifetime.coverage()).isZero();
        assertThat(lifetime.meanBias()).isEqualTo(3);
    }

    @Test
    void refusesBadInputAndStaysUnchanged() {
        OnlineScores scores = new OnlineScores(3);
        scores.record(1, 2, 0, 3);
        Scores before = scores.scores();

        assertThatThrownBy(() -> scores.record(Double.NaN, 2, 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("predicted must be finite. Found: NaN");
        assertThatThrownBy(() -> scores.record(1, Double.POSITIVE_INFINITY, 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("actual must be finite. Found: Infinity");
        assertThatThrownBy(() -> scores.record(1, 2, 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval must satisfy lower <= upper. Found: [3.0, 0.0]");
        assertThatThrownBy(() -> scores.record(-1e308, 1e308, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows");

        assertThat(scores.scores()).isEqualTo(before);
        assertThat(scores.count()).isEqualTo(1);
    }

    @Test
    void acceptsUnboundedIntervals() {
        OnlineScores scores = new OnlineScores(3);
        scores.record(1, 2, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

        assertThat(scores.scores().lifetime().coverage()).isEqualTo(1);
    }

    @Test
    void refusesAHorizonOutOfRange() {
        assertThatThrownBy(() -> new OnlineScores(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("horizon must be in [1, 100000]. Found: 0");
        assertThatThrownBy(() -> new OnlineScores(OnlineScores.MAX_HORIZON + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Found: 100001");
    }
}
