package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies that generated readings follow the scenario: drifts change the target's relation
 * from their time on, dropouts and stuck sensors change only what is published in their
 * span, and collinear features satisfy their relation exactly.
 */
class ScenarioReadingsTest {

    private static final long START_MS = 1_764_340_000_000L;
    /** 10 ticks per second. */
    private static final long TICK_MS = 100;
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 2025})
    void aFitBeforeAndAfterADriftRecoversTheTruthOfEachSide(long seed) {
        Scenario scenario = Scenario.NONE.with(Drift.add(TEN_MINUTES, "speed", 3))
                .with(Drift.add(TEN_MINUTES, "feed", -0.05)).with(Drift.add(TEN_MINUTES, Drift.INTERCEPT, 5));
        FleetGenerator generator = new FleetGenerator(1, "L", seed, 0.5, scenario).startAt(START_MS);
        GroundTruth truth = generator.groundTruth("L1");
        List<LineTick> ticks = ticks(generator, "L1", 12_000);

        double[] before = fit(ticks.subList(0, 6_000));
        double[] after = fit(ticks.subList(6_000, 12_000));

        assertFits(before, truth.at(Duration.ofMillis(599_900)));
        assertFits(after, truth.at(TEN_MINUTES));
        assertThat(after[3] - before[3]).isCloseTo(3.0, within(0.1));
        assertThat(after[0] - before[0]).isCloseTo(5.0, within(0.6));
    }

    @Test
    void withoutNoiseEveryTickFollowsTheTruthOfItsOwnTime() {
        Scenario scenario = Scenario.NONE.with(Drift.add(Duration.ofMillis(150), "speed", 3))
                .with(Drift.set(Duration.ofSeconds(2), "state", 1).onLine("L2"));
        FleetGenerator generator = new FleetGenerator(2, "L", 9, 0, scenario).startAt(START_MS);

        for (int k = 0; k < 40; k++) {
            for (LineTick tick : generator.tick(START_MS + k * TICK_MS)) {
                GroundTruth inEffect = generator.groundTruth(tick.lineId()).atEventTime(tick.tsMs(), START_MS);
                assertThat(tick.value(SensorIds.TARGET)).as("tick %d of %s", k, tick.lineId())
                        .isEqualTo(LineProcess.round(inEffect.expected(tick.features()), 3));
            }
        }
        GroundTruth l2 = generator.groundTruth("L2");
        assertThat(l2.coefficient("speed", Duration.ofMillis(100))).isEqualTo(l2.coefficient("speed"));
        assertThat(l2.coefficient("speed", Duration.ofMillis(200))).isEqualTo(l2.coefficient("speed") + 3);
        assertThat(l2.coefficient("state", Duration.ofSeconds(2))).isEqualTo(1);
        assertThat(generator.groundTruth("L1").coefficient("state", Duration.ofHours(1)))
                .isEqualTo(generator.groundTruth("L1").coefficient("state"));
    }

    @Test
    void aDriftChangesOnlyTheTargetAndIsReportedOncePerLineAtItsFirstTick() {
        Scenario scenario = Scenario.NONE.with(Drift.add(Duration.ofMillis(1_050), "speed", 3));
        FleetGenerator plain = new FleetGenerator(2, "L", 7, 0.5).startAt(START_MS);
        FleetGenerator drifting = new FleetGenerator(2, "L", 7, 0.5, scenario).startAt(START_MS);
        List<DriftEvent> events = new ArrayList<>();
        drifting.onDrift(events::add);

        for (int k = 0; k < 30; k++) {
            List<LineTick> expected = plain.tick(START_MS + k * TICK_MS);
            List<LineTick> actual = drifting.tick(START_MS + k * TICK_MS);
            for (int line = 0; line < 2; line++) {
                assertThat(actual.get(line).features()).isEqualTo(expected.get(line).features());
                if (k <= 10) {
                    assertThat(actual.get(line)).isEqualTo(expected.get(line));
                } else {
                    assertThat(actual.get(line).value(SensorIds.TARGET)).isNotEqualTo(expected.get(line).value(SensorIds.TARGET));
                }
            }
        }
        assertThat(events).extracting(DriftEvent::lineId).containsExactly("L1", "L2");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.eventTimeMs()).isEqualTo(START_MS + 1_100);
            assertThat(event.sinceStart()).isEqualTo(Duration.ofMillis(1_100));
            GroundTruth truth = drifting.groundTruth(event.lineId());
            assertThat(event.before()).isEqualTo(truth.at(Duration.ZERO));
            assertThat(event.after()).isEqualTo(truth.at(Duration.ofMillis(1_100)));
            assertThat(event.drifts()).containsExactly(Drift.add(Duration.ofMillis(1_050), "speed", 3).onLine(event.lineId()));
        });
        DriftEvent first = events.get(0);
        assertThat(first.describe()).isEqualTo("drift on L1 at 1.1s (event time 2025-11-28T14:26:41.100Z): speed +3 ("
                + GroundTruth.format(first.before().coefficient("speed")) + " -> "
                + GroundTruth.format(first.after().coefficient("speed")) + ")");
    }

    @Test
    void aDropoutSilencesOnlyItsSensorOnItsLineDuringItsSpan() {
        Scenario scenario = Scenario.NONE.with(Dropout.of("speed", Duration.ofSeconds(5), Duration.ofSeconds(2)).onLine("L1"));
        FleetGenerator plain = new FleetGenerator(2, "L", 42, 0.5).startAt(START_MS);
        FleetGenerator faulty = new FleetGenerator(2, "L", 42, 0.5, scenario).startAt(START_MS);
        int silent = 0;

        for (int k = 0; k < 100; k++) {
            List<LineTick> expected = plain.tick(START_MS + k * TICK_MS);
            List<LineTick> actual = faulty.tick(START_MS + k * TICK_MS);
            boolean inSpan = k >= 50 && k < 70;
            LineTick l1 = actual.get(0);
            assertThat(l1.has(SensorIds.SPEED)).as("tick %d", k).isEqualTo(!inSpan);
            assertThat(l1.readings()).isEqualTo(without(expected.get(0).readings(), inSpan ? SensorIds.SPEED : null));
            assertThat(actual.get(1)).isEqualTo(expected.get(1));
            silent += inSpan ? 1 : 0;
        }
        assertThat(silent).isEqualTo(20);
    }

    @Test
    void aStuckSensorRepeatsItsLastValueExactlyAndTheTargetStillFollowsTheProcess() {
        Scenario scenario = Scenario.NONE.with(Stuck.of("feed", Duration.ofSeconds(5), Duration.ofSeconds(2)));
        FleetGenerator plain = new FleetGenerator(1, "L", 42, 0.5).startAt(START_MS);
        FleetGenerator faulty = new FleetGenerator(1, "L", 42, 0.5, scenario).startAt(START_MS);
        double lastBefore = Double.NaN;
        List<Double> trueFeedInSpan = new ArrayList<>();

        for (int k = 0; k < 100; k++) {
            LineTick expected = plain.tick("L1", START_MS + k * TICK_MS);
            LineTick actual = faulty.tick("L1", START_MS + k * TICK_MS);
            if (k == 49) {
                lastBefore = expected.value(SensorIds.FEED);
            }
            if (k >= 50 && k < 70) {
                assertThat(actual.value(SensorIds.FEED)).as("tick %d", k).isEqualTo(lastBefore);
                trueFeedInSpan.add(expected.value(SensorIds.FEED));
                assertThat(without(actual.readings(), SensorIds.FEED)).isEqualTo(without(expected.readings(), SensorIds.FEED));
            } else {
                assertThat(actual).as("tick %d", k).isEqualTo(expected);
            }
        }
        // The process went on underneath: the frozen value hides a moving feed.
        assertThat(trueFeedInSpan).anySatisfy(feed -> assertThat(feed).isNotEqualTo(trueFeedInSpan.get(0)));
    }

    @Test
    void aSensorStuckFromTheStartRepeatsItsFirstValue() {
        Scenario scenario = Scenario.NONE.with(Stuck.of("speed", Duration.ZERO, Duration.ofSeconds(1)));
        FleetGenerator generator = new FleetGenerator(1, "L", 3, 0.5, scenario).startAt(START_MS);

        List<LineTick> ticks = ticks(generator, "L1", 10);

        assertThat(ticks).extracting(tick -> tick.value(SensorIds.SPEED)).containsOnly(ticks.get(0).value(SensorIds.SPEED));
    }

    @Test
    void aCollinearFeatureSatisfiesItsRelationExactlyAndDrivesTheTarget() {
        Scenario scenario = Scenario.NONE.with(Collinear.of("feed", 2, "speed", 1));
        FleetGenerator plain = new FleetGenerator(1, "L", 42, 0).startAt(START_MS);
        FleetGenerator collinear = new FleetGenerator(1, "L", 42, 0, scenario).startAt(START_MS);
        GroundTruth truth = collinear.groundTruth("L1");

        for (int k = 0; k < 500; k++) {
            LineTick expected = plain.tick("L1", START_MS + k * TICK_MS);
            LineTick tick = collinear.tick("L1", START_MS + k * TICK_MS);
            assertThat(tick.value(SensorIds.FEED)).isEqualTo(2 * tick.value(SensorIds.SPEED) + 1);
            assertThat(tick.value(SensorIds.SPEED)).isEqualTo(expected.value(SensorIds.SPEED));
            assertThat(tick.value(SensorIds.STATE)).isEqualTo(expected.value(SensorIds.STATE));
            assertThat(tick.value(SensorIds.TARGET)).isEqualTo(LineProcess.round(truth.expected(tick.features()), 3));
        }
    }

    @Test
    void aNoisyCollinearFeatureScattersAroundItsRelationWithTheGivenDeviation() {
        Scenario scenario = Scenario.NONE.with(Collinear.of("feed", 2, "speed", 1).withNoise(0.01));
        FleetGenerator generator = new FleetGenerator(1, "L", 42, 0.5, scenario).startAt(START_MS);
        double sum = 0;
        double sumOfSquares = 0;
        int n = 5_000;

        for (LineTick tick : ticks(generator, "L1", n)) {
            double residual = tick.value(SensorIds.FEED) - (2 * tick.value(SensorIds.SPEED) + 1);
            sum += residual;
            sumOfSquares += residual * residual;
        }

        double mean = sum / n;
        assertThat(mean).isCloseTo(0, within(0.001));
        assertThat(Math.sqrt(sumOfSquares / n - mean * mean)).isCloseTo(0.01, within(0.0005));
    }

    @Test
    void theSameSeedAndScenarioGiveTheSameReadings() {
        Scenario scenario = Scenario.NONE.with(Drift.add(Duration.ofSeconds(3), "speed", 3))
                .with(Dropout.of("state", Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .with(Stuck.of("feed", Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .with(Collinear.of("speed", 0.01, "feed", 0.5).withNoise(0.01).onLine("L2"));

        List<LineTick> first = new ArrayList<>();
        List<LineTick> second = new ArrayList<>();
        FleetGenerator one = new FleetGenerator(3, "L", 11, 0.5, scenario);
        FleetGenerator two = new FleetGenerator(3, "L", 11, 0.5, scenario);
        for (int k = 0; k < 60; k++) {
            first.addAll(one.tick(START_MS + k * TICK_MS));
            second.addAll(two.tick(START_MS + k * TICK_MS));
        }

        assertThat(first).isEqualTo(second);
        assertThat(one.startEpochMs()).hasValue(START_MS);
    }

    private static List<LineTick> ticks(FleetGenerator generator, String lineId, int count) {
        List<LineTick> ticks = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            ticks.add(generator.tick(lineId, START_MS + k * TICK_MS));
        }
        return ticks;
    }

    /** Per-tick OLS of the target on the features: {@code [intercept, b_feed, b_state, b_speed]}. */
    private static double[] fit(List<LineTick> ticks) {
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (LineTick tick : ticks) {
            xs.add(tick.features().values().stream().mapToDouble(Double::doubleValue).toArray());
            ys.add(tick.value(SensorIds.TARGET));
        }
        return LeastSquares.fit(xs, ys);
    }

    private static void assertFits(double[] beta, GroundTruth truth) {
        String context = truth.describe() + " vs fit " + java.util.Arrays.toString(beta);
        assertThat(beta[0]).as(context).isCloseTo(truth.intercept(), within(0.6));
        assertThat(beta[1]).as(context).isCloseTo(truth.coefficient(SensorIds.FEED), within(0.005));
        assertThat(beta[2]).as(context).isCloseTo(truth.coefficient(SensorIds.STATE), within(0.1));
        assertThat(beta[3]).as(context).isCloseTo(truth.coefficient(SensorIds.SPEED), within(0.1));
    }

    private static List<SimReading> without(List<SimReading> readings, String sensorId) {
        Predicate<SimReading> keep = reading -> !reading.sensorId().equals(sensorId);
        return readings.stream().filter(keep).toList();
    }
}
