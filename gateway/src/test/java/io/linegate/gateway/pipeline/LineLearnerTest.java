package io.linegate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.model.ModelSnapshot;
import io.linegate.gateway.quality.Influence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The learning side of a line on simulated windows: y = 30 + 0.2·feed + 10·state + 3·speed + N(0, σ).
 * The figures asserted here are the ones the README's "Models" section states.
 */
class LineLearnerTest {

    private static final double NOISE = 1.0;

    /** A line's windows with known truth; the speed coefficient can change at a given window. */
    private static final class Line {
        private final Random random;
        private double speed = 3;

        Line(long seed) {
            random = new Random(seed);
        }

        double[] features() {
            return new double[] {100 + 40 * random.nextDouble(), random.nextDouble() < 0.8 ? 1 : 0,
                    2 + 3 * random.nextDouble()};
        }

        double target(double[] x) {
            return 30 + 0.2 * x[0] + 10 * x[1] + speed * x[2] + NOISE * random.nextGaussian();
        }
    }

    private static LineConfig config(String lineYaml) {
        return ConfigLoader.parse("lines:\n  defaults:\n    features: [feed, state, speed]\n    target: efficiency\n"
                + lineYaml.indent(4)).lines().forLine("L1");
    }

    @Test
    void intervalsCoverAboutTheirLevelAndAnomaliesComeAtTheComplementaryRate() {
        LineLearner learner = LineLearner.create(config("model: {kind: ols}"), LineModels.BY_KIND);
        Line line = new Line(1);
        int anomalies = 0;
        int predicted = 0;
        for (int seq = 1; seq <= 3_000; seq++) {
            double[] x = line.features();
            LineLearner.Step step = learner.step(seq, x, true, line.target(x));
            if (step.prediction().isPresent()) {
                predicted++;
                anomalies += step.anomaly() ? 1 : 0;
            }
        }

        double coverage = learner.scores().lifetime().coverage();
        assertThat(learner.scores().lifetime().count()).isEqualTo(predicted).isGreaterThan(2_900);
        assertThat(coverage).as("coverage of 95 %% intervals").isBetween(0.93, 0.97);
        assertThat((double) anomalies / predicted).as("anomaly rate").isCloseTo(1 - coverage, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(learner.scores().lifetime().rootMeanSquaredError()).isBetween(0.9 * NOISE, 1.1 * NOISE);
        assertThat(learner.scores().recent().count()).isEqualTo(100);
        assertThat(learner.driftState()).hasValueSatisfying(d -> assertThat(d.alarms()).as("false alarms").isZero());
    }

    @Test
    void rlsWithForgettingDetectsAStepChangeAndReconverges() {
        LineLearner learner = LineLearner.create(config("""
                model: {kind: rls, forgetting: 0.99}
                drift: {method: cusum, reaction: forget, forgetFactor: 0.8, forgetWindows: 30}
                """), LineModels.BY_KIND);
        Line line = new Line(2);
        List<Long> alarms = new ArrayList<>();
        int change = 1_000;
        for (int seq = 1; seq <= 2_000; seq++) {
            if (seq == change) {
                line.speed = 6;
            }
            double[] x = line.features();
            if (learner.step(seq, x, true, line.target(x)).alarm().isPresent()) {
                alarms.add((long) seq);
            }
        }

        assertThat(alarms).as("one alarm, after the change").hasSize(1);
        assertThat(alarms.get(0) - change).as("windows from the change to the alarm").isBetween(0L, 20L);
        ModelSnapshot snapshot = learner.snapshot();
        assertThat(snapshot.coefficients().get(3).estimate()).as("speed re-converged").isCloseTo(6, org.assertj.core.data.Offset.offset(0.3));
        assertThat(learner.lastAlarmSeq()).isEqualTo(alarms.get(0));
    }

    @Test
    void resetStartsTheModelAfreshOnAnAlarm() {
        LineLearner learner = LineLearner.create(config("drift: {reaction: reset}"), LineModels.BY_KIND);
        Line line = new Line(3);
        long alarmAt = -1;
        long observationsAfterAlarm = -1;
        for (int seq = 1; seq <= 1_500; seq++) {
            if (seq == 1_000) {
                line.speed = 8;
            }
            double[] x = line.features();
            LineLearner.Step step = learner.step(seq, x, true, line.target(x));
            if (step.alarm().isPresent() && alarmAt < 0) {
                alarmAt = seq;
                observationsAfterAlarm = learner.model().observations();
            }
        }

        assertThat(alarmAt).isGreaterThanOrEqualTo(1_000);
        assertThat(observationsAfterAlarm).as("the reset model learned only the alarm's window").isEqualTo(1);
        assertThat(learner.snapshot().coefficients().get(3).estimate()).isCloseTo(8, org.assertj.core.data.Offset.offset(0.3));
    }

    @Test
    void aRestoredCheckpointPlusTheReplayedWindowsIsTheSameStateBitForBit() {
        LineConfig config = config("""
                model: {kind: rls, forgetting: 0.98}
                drift: {reaction: forget}
                """);
        LineLearner live = LineLearner.create(config, LineModels.BY_KIND);
        Line line = new Line(4);
        List<double[]> windows = new ArrayList<>();
        byte[] checkpoint = null;
        for (int seq = 1; seq <= 1_200; seq++) {
            if (seq == 700) {
                line.speed = 5;
            }
            double[] x = line.features();
            double y = line.target(x);
            live.step(seq, x, true, y);
            if (seq == 600) {
                checkpoint = live.checkpoint();
            } else if (seq > 600) {
                windows.add(new double[] {seq, x[0], x[1], x[2], y});
            }
        }

        LineLearner restored = LineLearner.restore(config, LineModels.BY_KIND, checkpoint);
        for (double[] w : windows) {
            restored.step((long) w[0], new double[] {w[1], w[2], w[3]}, true, w[4]);
        }
        assertThat(restored.checkpoint()).isEqualTo(live.checkpoint());
        assertThat(live.driftState().orElseThrow().alarms()).as("the replay crossed an alarm").isPositive();
    }

    @Test
    void restoresAModelOnlyCheckpointOfTheEarlierFormat() {
        LineConfig config = config("model: {kind: ols}");
        LineLearner learner = LineLearner.create(config, LineModels.BY_KIND);
        Line line = new Line(5);
        for (int seq = 1; seq <= 50; seq++) {
            double[] x = line.features();
            learner.step(seq, x, true, line.target(x));
        }

        LineLearner restored = LineLearner.restore(config, LineModels.BY_KIND, learner.model().checkpoint());
        assertThat(restored.model().checkpoint()).isEqualTo(learner.model().checkpoint());
        assertThat(restored.scores().lifetime().count()).as("scores start afresh").isZero();
    }

    @Test
    void influenceNamesTheDominantFeature() {
        LineLearner learner = LineLearner.create(config("model: {kind: ols}"), LineModels.BY_KIND);
        Line line = new Line(6);
        for (int seq = 1; seq <= 500; seq++) {
            double[] x = line.features();
            learner.step(seq, x, true, line.target(x));
        }

        List<Influence.Entry> influence = learner.influence(learner.snapshot());
        // sd(feed)·0.2 ≈ 2.3, sd(state)·10 = 4, sd(speed)·3 ≈ 2.6: equipment state drives efficiency most.
        assertThat(influence).extracting(Influence.Entry::feature).containsExactly("state", "speed", "feed");
        assertThat(influence.get(0).plainText()).startsWith("state moves efficiency most");
        assertThat(influence.get(0).standardError()).isPositive().isLessThan(0.05);
    }

    @Test
    void predictsButDoesNotLearnOrScoreAWindowThatCannotBeLearned() {
        LineLearner learner = LineLearner.create(config("model: {kind: ols}"), LineModels.BY_KIND);
        Line line = new Line(7);
        for (int seq = 1; seq <= 20; seq++) {
            double[] x = line.features();
            learner.step(seq, x, true, line.target(x));
        }
        double[] x = line.features();

        LineLearner.Step step = learner.step(21, x, false, 1e6);

        assertThat(step.prediction()).isPresent();
        assertThat(step.anomaly()).as("1e6 is outside any interval here").isTrue();
        assertThat(step.learned()).isFalse();
        assertThat(learner.model().observations()).isEqualTo(20);
        assertThat(learner.scores().lifetime().count()).isEqualTo(20 - 5);
    }

    @Test
    void answersWhatIfAndRecommendsSetpointsOfTheControlsWithinTheirBounds() {
        LineLearner learner = LineLearner.create(config("""
                model: {kind: ols}
                controls: {speed: {min: 2, max: 5}, state: {min: 0, max: 1}}
                """), LineModels.BY_KIND);
        Line line = new Line(8);
        for (int seq = 1; seq <= 400; seq++) {
            double[] x = line.features();
            learner.step(seq, x, true, line.target(x));
        }
        double[] current = {120, 0, 3};

        assertThat(learner.whatIf(new double[] {120, 1, 4})).hasValueSatisfying(p ->
                assertThat(p.value()).isCloseTo(30 + 24 + 10 + 12, org.assertj.core.data.Offset.offset(0.5)));
        LineLearner.Recommendation best = learner.recommend(LineLearner.Goal.MAXIMIZE, 0, current).orElseThrow();
        assertThat(best.setpoint().values()).as("feed is not a control: it stays").containsExactly(120, 1, 5);
        assertThat(best.predicted().value()).isCloseTo(30 + 24 + 10 + 15, org.assertj.core.data.Offset.offset(0.5));
        assertThat(best.predicted().lower()).isLessThan(best.predicted().value());

        LineLearner.Recommendation reach = learner.recommend(LineLearner.Goal.REACH, 70, current).orElseThrow();
        assertThat(reach.reachable()).isTrue();
        assertThat(reach.predicted().value()).isCloseTo(70, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(reach.setpoint().values()[0]).isEqualTo(120);

        LineLearner.Recommendation tooHigh = learner.recommend(LineLearner.Goal.REACH, 200, current).orElseThrow();
        assertThat(tooHigh.reachable()).isFalse();
        assertThat(tooHigh.setpoint().values()).containsExactly(120, 1, 5);
    }
}
