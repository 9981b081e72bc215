package io.linegate.gateway.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Verifies {@link Setpoints} against brute force: extremes against every point of a grid, and
 * {@code reach} against the closest feasible point of a fine grid on the constraint.
 */
class SetpointsTest {

    @Test
    void maximizeAndMinimizeMatchTheBestAndWorstPointOfAGrid() {
        Random random = new Random(12);
        for (int trial = 0; trial < 50; trial++) {
            Setpoints setpoints = randomProblem(random, 3, true);
            double best = Double.NEGATIVE_INFINITY;
            double worst = Double.POSITIVE_INFINITY;
            for (double[] point : grid(setpoints, 10)) {
                best = Math.max(best, setpoints.predict(point));
                worst = Math.min(worst, setpoints.predict(point));
            }

            Setpoint highest = setpoints.maximize();
            Setpoint lowest = setpoints.minimize();

            assertThat(highest.predicted()).isCloseTo(best, within(1e-12 * (1 + Math.abs(best))));
            assertThat(lowest.predicted()).isCloseTo(worst, within(1e-12 * (1 + Math.abs(worst))));
            assertWithinBoundsAndFixedUnchanged(setpoints, highest);
            assertWithinBoundsAndFixedUnchanged(setpoints, lowest);
        }
    }

    @Test
    void reachMeetsTheTargetAndIsNoFartherThanAnyFeasibleGridPoint() {
        Random random = new Random(21);
        for (int trial = 0; trial < 60; trial++) {
            Setpoints setpoints = randomProblem(random, 3, false);
            double lowest = setpoints.minimize().predicted();
            double highest = setpoints.maximize().predicted();
            double target = lowest + (highest - lowest) * random.nextDouble();

            Setpoints.Reach reach = setpoints.reach(target);

            assertThat(reach.reachable()).isTrue();
            Setpoint setpoint = reach.setpoint();
            assertThat(Math.abs(setpoint.predicted() - target)).as("trial %d", trial).isLessThanOrEqualTo(1e-9);
            assertThat(setpoints.predict(setpoint.values())).isEqualTo(setpoint.predicted());
            assertWithinBoundsAndFixedUnchanged(setpoints, setpoint);
            double bruteForce = closestFeasibleOnGrid(setpoints, target, 250);
            assertThat(setpoint.distance()).as("trial %d", trial).isLessThanOrEqualTo(bruteForce + 1e-12);
            // The grid is fine enough to come close, so the comparison has teeth.
            assertThat(bruteForce).as("trial %d", trial).isLessThanOrEqualTo(setpoint.distance() + 0.02);
        }
    }

    @Test
    void reachWithoutBindingBoundsIsTheWeightedProjection() {
        // Minimizing Σ((x − c)/r)² subject to a·x = t has x = c + μ·a·r², μ = (t − a·c) / Σ a²r².
        Setpoints setpoints = new Setpoints(1, List.of(
                new Setpoints.Feature("feed", 2, 10, 0, 100, true),
                new Setpoints.Feature("speed", -1, 20, 0, 50, true),
                new Setpoints.Feature("state", 3, 1, 1, 1, false)));
        double target = setpoints.current().predicted() + 7;
        double mu = 7 / (2 * 2 * 100 * 100 + 1 * 50 * 50.0);

        Setpoint setpoint = setpoints.reach(target).setpoint();

        assertThat(setpoint.value("feed")).isCloseTo(10 + mu * 2 * 100 * 100, within(1e-12));
        assertThat(setpoint.value("speed")).isCloseTo(20 - mu * 50 * 50, within(1e-12));
        assertThat(setpoint.value("state")).isEqualTo(1);
        assertThat(setpoint.predicted()).isCloseTo(target, within(1e-12));
    }

    @Test
    void reportsAnUnreachableTargetWithTheClosestAchievableSetpoint() {
        Setpoints setpoints = new Setpoints(0, List.of(
                new Setpoints.Feature("feed", 2, 5, 0, 10, true),
                new Setpoints.Feature("speed", -1, 5, 0, 10, true)));

        Setpoints.Reach tooHigh = setpoints.reach(21);
        Setpoints.Reach tooLow = setpoints.reach(-11);
        Setpoints.Reach edge = setpoints.reach(20);

        assertThat(tooHigh.reachable()).isFalse();
        assertThat(tooHigh.setpoint()).isEqualTo(setpoints.maximize());
        assertThat(tooHigh.setpoint().predicted()).isEqualTo(20);
        assertThat(tooLow.reachable()).isFalse();
        assertThat(tooLow.setpoint().predicted()).isEqualTo(-10);
        assertThat(edge.reachable()).isTrue();
        assertThat(edge.setpoint().values()).containsExactly(10, 0);
    }

    @Test
    void aControllableFeatureWithoutEffectStaysPutWithinItsBounds() {
        Setpoints setpoints = new Setpoints(0, List.of(
                new Setpoints.Feature("feed", 1, 5, 0, 10, true),
                new Setpoints.Feature("idle", 0, 3, 0, 10, true),
                new Setpoints.Feature("drift", 0, 12, 0, 10, true)));

        assertThat(setpoints.maximize().values()).containsExactly(10, 3, 10);
        assertThat(setpoints.reach(7).setpoint().values()).containsExactly(7, 3, 10);
    }

    @Test
    void withNothingToMoveOnlyTheCurrentPredictionIsReachable() {
        Setpoints setpoints = new Setpoints(2, List.of(
                new Setpoints.Feature("idle", 0, 3, 0, 10, true),
                new Setpoints.Feature("state", 4, 1, 1, 1, false)));

        assertThat(setpoints.reach(6).reachable()).isTrue();
        assertThat(setpoints.reach(6).setpoint().values()).containsExactly(3, 1);
        assertThat(setpoints.reach(6.5).reachable()).isFalse();
        assertThat(setpoints.reach(6.5).setpoint().predicted()).isEqualTo(6);
    }

    @Test
    void movesACurrentValueOutsideItsBoundsBackInside() {
        Setpoints setpoints = new Setpoints(0, List.of(
                new Setpoints.Feature("feed", 1, 15, 0, 10, true),
                new Setpoints.Feature("speed", 1, 5, 0, 10, true)));

        Setpoint setpoint = setpoints.reach(12).setpoint();

        assertThat(setpoint.value("feed")).isLessThanOrEqualTo(10);
        assertThat(setpoint.predicted()).isCloseTo(12, within(1e-12));
        assertThat(setpoint.distance()).isLessThanOrEqualTo(closestFeasibleOnGrid(setpoints, 12, 2000) + 1e-12);
    }

    @Test
    void refusesInvalidInputNamingTheFeature() {
        assertThatThrownBy(() -> new Setpoints.Feature("feed", Double.NaN, 1, 0, 2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("coefficient of feed must be finite (is the model identified?). Found: NaN");
        assertThatThrownBy(() -> new Setpoints.Feature("feed", 1, 1, 2, 2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bounds of feed must have max > min, as it is controllable. Found: [2.0, 2.0]");
        assertThatThrownBy(() -> new Setpoints.Feature("feed", 1, 1, 3, 2, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bounds of feed must be finite with min <= max. Found: [3.0, 2.0]");
        Setpoints.Feature feed = new Setpoints.Feature("feed", 1, 1, 0, 2, true);
        assertThatThrownBy(() -> new Setpoints(0, List.of(feed, feed)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature names must be distinct. Found: [feed, feed]");
        Setpoints setpoints = new Setpoints(0, List.of(feed));
        assertThatThrownBy(() -> setpoints.predict(new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("values must have one value per feature (1). Found: 2");
        assertThatThrownBy(() -> setpoints.reach(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target must be finite. Found: NaN");
    }

    /** Random coefficients (one controllable may have none), currents in or near bounds, one fixed feature. */
    static Setpoints randomProblem(Random random, int controllable, boolean allowZero) {
        List<Setpoints.Feature> features = new ArrayList<>();
        for (int i = 0; i < controllable; i++) {
            double min = 10 * random.nextGaussian();
            double max = min + 0.5 + 20 * random.nextDouble();
            double coefficient = allowZero && random.nextInt(6) == 0 ? 0 : 3 * random.nextGaussian();
            double current = min - 0.1 * (max - min) + 1.2 * (max - min) * random.nextDouble();
            features.add(new Setpoints.Feature("x" + i, coefficient, current, min, max, true));
        }
        features.add(new Setpoints.Feature("fixed", random.nextGaussian(), 100 * random.nextDouble(), 0, 0, false));
        return new Setpoints(5 * random.nextGaussian(), features);
    }

    /** Every point of a grid of {@code steps + 1} values per controllable feature; fixed at current. */
    static List<double[]> grid(Setpoints setpoints, int steps) {
        List<double[]> points = new ArrayList<>();
        points.add(new double[setpoints.features().size()]);
        for (int i = 0; i < setpoints.features().size(); i++) {
            Setpoints.Feature f = setpoints.features().get(i);
            List<double[]> next = new ArrayList<>();
            for (double[] point : points) {
                for (int s = 0; s <= (f.controllable() ? steps : 0); s++) {
                    double[] extended = point.clone();
                    extended[i] = f.controllable() ? f.min() + (f.max() - f.min()) * s / steps : f.current();
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }

    /**
     * The smallest distance of a feasible point found by brute force: for every grid point of all
     * controllable features but the last, the last is solved from the equation; a point within
     * its bounds is feasible.
     */
    static double closestFeasibleOnGrid(Setpoints setpoints, double target, int steps) {
        List<Setpoints.Feature> features = setpoints.features();
        int last = -1;
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).controllable() && features.get(i).coefficient() != 0) {
                last = i;
            }
        }
        Setpoints.Feature solved = features.get(last);
        List<Setpoints.Feature> gridFeatures = new ArrayList<>(features);
        gridFeatures.set(last, new Setpoints.Feature(solved.name(), solved.coefficient(), solved.current(),
                solved.min(), solved.max(), false));
        Setpoints gridProblem = new Setpoints(0, gridFeatures);
        double best = Double.POSITIVE_INFINITY;
        for (double[] point : grid(gridProblem, steps)) {
            point[last] = 0;
            double rest = setpoints.predict(point);
            point[last] = (target - rest) / solved.coefficient();
            if (point[last] < solved.min() || point[last] > solved.max()) {
                continue;
            }
            double squares = 0;
            for (int i = 0; i < features.size(); i++) {
                Setpoints.Feature f = features.get(i);
                if (f.controllable()) {
                    double moved = (point[i] - f.current()) / (f.max() - f.min());
                    squares += moved * moved;
                }
            }
            best = Math.min(best, Math.sqrt(squares));
        }
        return best;
    }

    private static void assertWithinBoundsAndFixedUnchanged(Setpoints setpoints, Setpoint setpoint) {
        double[] values = setpoint.values();
        for (int i = 0; i < values.length; i++) {
            Setpoints.Feature f = setpoints.features().get(i);
            if (f.controllable()) {
                assertThat(values[i]).as(f.name()).isBetween(f.min(), f.max());
            } else {
                assertThat(values[i]).as(f.name()).isEqualTo(f.current());
            }
        }
    }
}
