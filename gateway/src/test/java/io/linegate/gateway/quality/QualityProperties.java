package io.linegate.gateway.quality;

import static io.linegate.gateway.quality.ScoreAssertions.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linegate.gateway.model.CheckpointException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties over random streams and problems: sliding scores equal a batch computation of the
 * last {@code horizon} windows however the stream and horizon fall; restored scores and detectors
 * are bit-identical wherever they were checkpointed; any damage to a checkpoint is refused; and
 * {@code reach} is never beaten by a feasible point.
 */
class QualityProperties {

    @Property(tries = 150)
    void slidingScoresEqualABatchComputationOfTheLastHorizon(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int horizon,
            @ForAll @IntRange(min = 0, max = 200) int windows,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double level) {
        Random random = new Random(seed);
        OnlineScores scores = new OnlineScores(horizon);
        NaiveScores naive = new NaiveScores();
        for (int i = 0; i < windows; i++) {
            double actual = level + random.nextGaussian();
            double predicted = actual + (random.nextInt(20) == 0 ? 1e4 : 0.5) * random.nextGaussian();
            double halfWidth = random.nextDouble();
            scores.record(predicted, actual, predicted - halfWidth, predicted + halfWidth);
            naive.record(predicted, actual, predicted - halfWidth, predicted + halfWidth);
        }

        Scores now = scores.scores();

        assertClose(now.lifetime(), naive.lifetime(), 1e-9);
        assertClose(now.recent(), naive.lastN(horizon), 1e-9);
    }

    @Property(tries = 100)
    void restoredScoresAndDetectorsContinueBitForBit(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 30) int horizon,
            @ForAll @IntRange(min = 0, max = 300) int before,
            @ForAll @IntRange(min = 1, max = 300) int after) {
        Random random = new Random(seed);
        OnlineScores scores = new OnlineScores(horizon);
        List<DriftDetector> detectors = List.of(new Cusum(0.5, 4, 10), new PageHinkley(0.2, 3, 5));
        for (int i = 0; i < before; i++) {
            step(random, i, scores, detectors);
        }
        OnlineScores restoredScores = OnlineScores.restore(scores.checkpoint());
        List<DriftDetector> restoredDetectors = new ArrayList<>();
        detectors.forEach(d -> restoredDetectors.add(DriftDetector.restore(d.checkpoint())));

        for (int i = before; i < before + after; i++) {
            long stepSeed = random.nextLong();
            step(new Random(stepSeed), i, scores, detectors);
            step(new Random(stepSeed), i, restoredScores, restoredDetectors);
        }

        assertThat(restoredScores.scores()).isEqualTo(scores.scores());
        assertThat(restoredScores.checkpoint()).isEqualTo(scores.checkpoint());
        for (int d = 0; d < detectors.size(); d++) {
            assertThat(restoredDetectors.get(d).state()).isEqualTo(detectors.get(d).state());
        }
    }

    @Property(tries = 200)
    void anyDamageToACheckpointIsRefused(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 100_000) int position,
            @ForAll @IntRange(min = 1, max = 255) int flip,
            @ForAll boolean truncate) {
        Random random = new Random(seed);
        OnlineScores scores = new OnlineScores(8);
        Cusum cusum = new Cusum(0.5, 4, 10);
        for (int i = 0; i < 30; i++) {
            step(random, i, scores, List.of(cusum));
        }
        for (byte[] blob : List.of(scores.checkpoint(), cusum.checkpoint())) {
            int at = position % blob.length;
            byte[] damaged = truncate ? Checkpoints.truncated(blob, at) : blob.clone();
            if (!truncate) {
                damaged[at] ^= (byte) flip;
            }

            assertThatThrownBy(() -> {
                if (blob.length > 100) {
                    OnlineScores.restore(damaged);
                } else {
                    Cusum.restore(damaged);
                }
            }).isInstanceOf(CheckpointException.class);
        }
    }

    @Property(tries = 200)
    void reachIsNeverBeatenByAFeasiblePoint(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int controllable) {
        Random random = new Random(seed);
        Setpoints setpoints = SetpointsTest.randomProblem(random, controllable, true);
        List<Setpoints.Feature> features = setpoints.features();
        double[] somewhere = SetpointsTest.grid(setpoints, 1).get(0);
        for (int i = 0; i < somewhere.length; i++) {
            Setpoints.Feature f = features.get(i);
            somewhere[i] = f.controllable() ? f.min() + (f.max() - f.min()) * random.nextDouble() : f.current();
        }
        double target = setpoints.predict(somewhere);

        Setpoints.Reach reach = setpoints.reach(target);

        assertThat(reach.reachable()).isTrue();
        assertThat(Math.abs(reach.setpoint().predicted() - target)).isLessThanOrEqualTo(1e-9);
        // Random feasible points: all controllable features at random within bounds but one,
        // solved from the equation; feasible if it lands within its bounds.
        for (int sample = 0; sample < 500; sample++) {
            double[] point = somewhere.clone();
            int solved = random.nextInt(features.size());
            Setpoints.Feature s = features.get(solved);
            if (!s.controllable() || s.coefficient() == 0) {
                continue;
            }
            for (int i = 0; i < point.length; i++) {
                Setpoints.Feature f = features.get(i);
                if (f.controllable() && i != solved) {
                    double towardsCurrent = random.nextDouble();
                    double uniform = f.min() + (f.max() - f.min()) * random.nextDouble();
                    double current = Math.max(f.min(), Math.min(f.max(), f.current()));
                    point[i] = current + (uniform - current) * towardsCurrent * towardsCurrent;
                }
            }
            point[solved] = 0;
            point[solved] = (target - setpoints.predict(point)) / s.coefficient();
            if (point[solved] < s.min() || point[solved] > s.max()) {
                continue;
            }
            assertThat(reach.setpoint().distance()).isLessThanOrEqualTo(distance(features, point) + 1e-9);
        }
    }

    private static double distance(List<Setpoints.Feature> features, double[] point) {
        double squares = 0;
        for (int i = 0; i < point.length; i++) {
            Setpoints.Feature f = features.get(i);
            if (f.controllable()) {
                double moved = (point[i] - f.current()) / (f.max() - f.min());
                squares += moved * moved;
            }
        }
        return Math.sqrt(squares);
    }

    private static void step(Random random, int window, OnlineScores scores, List<DriftDetector> detectors) {
        double actual = 20 + random.nextGaussian();
        double residual = (window / 60) % 2 * 3 + random.nextGaussian();
        double predicted = actual - residual;
        scores.record(predicted, actual, predicted - 1.5, predicted + 1.5);
        for (DriftDetector detector : detectors) {
            detector.update(residual);
        }
    }
}
