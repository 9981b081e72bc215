package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

    private final GroundTruth truth = new GroundTruth("L1", 31.207, ordered(0.1834, 12.551, 4.9), 0.5);

    @Test
    void keepsTheFeatureOrderAndComputesTheExpectedTarget() {
        assertThat(truth.features()).containsExactly("feed", "state", "speed");
        assertThat(truth.expected(Map.of("feed", 100.0, "state", 1.0, "speed", 2.0)))
                .isCloseTo(31.207 + 18.34 + 12.551 + 9.8, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void describesItselfOnOneLine() {
        assertThat(truth.describe())
                .isEqualTo("L1: efficiency = 31.207 + 0.1834*feed + 12.551*state + 4.9*speed + N(0, 0.5^2)");
    }

    @Test
    void formatsAnAlignedTable() {
        GroundTruth other = new GroundTruth("L10", 20, ordered(0.05, 5, 2), 0);

        String[] rows = GroundTruth.table(List.of(truth, other)).split(System.lineSeparator());

        assertThat(rows).containsExactly(
                "line  intercept       feed      state      speed  noise-sd",
                "L1       31.207     0.1834     12.551        4.9       0.5",
                "L10          20       0.05          5          2         0");
    }

    @Test
    void copiesTheCoefficientsAndRejectsBadValues() {
        Map<String, Double> coefficients = ordered(1, 2, 3);
        GroundTruth copy = new GroundTruth("L1", 0, coefficients, 0);
        coefficients.put("feed", 99.0);

        assertThat(copy.coefficient("feed")).isEqualTo(1);
        assertThatIllegalArgumentException().isThrownBy(() -> copy.coefficient("temperature"))
                .withMessage("feature must be one of [feed, state, speed]. Found: temperature");
        assertThatIllegalArgumentException().isThrownBy(() -> new GroundTruth("L 1", 0, ordered(1, 2, 3), 0))
                .withMessage("lineId must match [A-Za-z0-9_.-]{1,64}. Found: L 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new GroundTruth("L1", 0, ordered(1, Double.NaN, 3), 0))
                .withMessage("coefficient of state must be finite. Found: NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> new GroundTruth("L1", 0, Map.of(), 0))
                .withMessage("coefficients must not be empty");
    }

    @Test
    void givesTheTruthInEffectBeforeAndAfterEachDrift() {
        GroundTruth drifting = new GroundTruth("L1", 31.207, ordered(0.1834, 12.551, 4.9), 0.5, List.of(
                Drift.set(Duration.ofMinutes(20), "speed", 2),
                Drift.add(Duration.ofMinutes(10), "speed", 3),
                Drift.add(Duration.ofMinutes(10), Drift.INTERCEPT, -1.5)));

        GroundTruth before = drifting.at(Duration.ofMillis(599_999));
        GroundTruth afterFirst = drifting.at(Duration.ofMinutes(10));
        GroundTruth afterSecond = drifting.at(Duration.ofHours(5));

        assertThat(before).isEqualTo(truth);
        assertThat(drifting.at(Duration.ofSeconds(-1))).isEqualTo(truth);
        assertThat(afterFirst.coefficient("speed")).isEqualTo(4.9 + 3);
        assertThat(afterFirst.intercept()).isEqualTo(31.207 - 1.5);
        assertThat(afterFirst.coefficient("feed")).isEqualTo(0.1834);
        assertThat(drifting.coefficient("speed", Duration.ofMillis(1_199_999))).isEqualTo(4.9 + 3);
        assertThat(afterSecond.coefficient("speed")).isEqualTo(2.0);
        assertThat(afterSecond.intercept()).isEqualTo(31.207 - 1.5);
        assertThat(drifting.intercept(Duration.ZERO)).isEqualTo(31.207);
        // The components stay the truth before any drift.
        assertThat(drifting.coefficient("speed")).isEqualTo(4.9);
        assertThat(drifting.changeTimes()).containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(20));
    }

    @Test
    void mapsEventTimeToTheOffsetFromTheStart() {
        long start = 1_764_340_000_000L;
        GroundTruth drifting = new GroundTruth("L1", 31.207, ordered(0.1834, 12.551, 4.9), 0.5,
                List.of(Drift.add(Duration.ofMinutes(10), "speed", 3)));

        assertThat(drifting.atEventTime(start + 599_999, start).coefficient("speed")).isEqualTo(4.9);
        assertThat(drifting.atEventTime(start + 600_000, start).coefficient("speed")).isEqualTo(7.9);
    }

    @Test
    void appliesDriftsOfOneTermAtOneTimeInTheOrderGiven() {
        GroundTruth addThenSet = new GroundTruth("L1", 0, ordered(1, 2, 3), 0, List.of(
                Drift.add(Duration.ofMinutes(1), "feed", 5), Drift.set(Duration.ofMinutes(1), "feed", 10)));
        GroundTruth setThenAdd = new GroundTruth("L1", 0, ordered(1, 2, 3), 0, List.of(
                Drift.set(Duration.ofMinutes(1), "feed", 10), Drift.add(Duration.ofMinutes(1), "feed", 5)));

        assertThat(addThenSet.coefficient("feed", Duration.ofMinutes(1))).isEqualTo(10);
        assertThat(setThenAdd.coefficient("feed", Duration.ofMinutes(1))).isEqualTo(15);
    }

    @Test
    void describesEachDriftWithTheValueBeforeAndAfter() {
        GroundTruth drifting = new GroundTruth("L1", 31.207, ordered(0.1834, 12.551, 4.9), 0.5, List.of(
                Drift.add(Duration.ofMinutes(10), "speed", 3), Drift.set(Duration.ofSeconds(90), Drift.INTERCEPT, 30)));

        assertThat(drifting.describeDrifts()).containsExactly(
                "L1 at 1m30s: intercept =30 (31.207 -> 30)",
                "L1 at 10m: speed +3 (4.9 -> 7.9)");
        assertThat(drifting.drifts()).allSatisfy(drift -> assertThat(drift.lineId()).isEqualTo("L1"));
        assertThat(truth.describeDrifts()).isEmpty();
        assertThat(truth.drifts()).isEmpty();
    }

    @Test
    void rejectsDriftsOfOtherLinesUnknownTermsAndInfiniteResults() {
        assertThatIllegalArgumentException().isThrownBy(() -> new GroundTruth("L1", 0, ordered(1, 2, 3), 0,
                        List.of(Drift.add(Duration.ZERO, "feed", 1).onLine("L2"))))
                .withMessage("drift line must be L1 (the truth's line). Found: L2");
        assertThatIllegalArgumentException().isThrownBy(() -> new GroundTruth("L1", 0, Map.of("feed", 1.0), 0,
                        List.of(Drift.add(Duration.ZERO, "speed", 1))))
                .withMessage("drift term must be one of [feed] or intercept. Found: speed");
        assertThatIllegalArgumentException().isThrownBy(() -> new GroundTruth("L1", 0, ordered(1, 2, Double.MAX_VALUE), 0,
                        List.of(Drift.add(Duration.ZERO, "speed", Double.MAX_VALUE))))
                .withMessage("drift must leave speed finite. Found: line=L1, at=0, speed=+" + Double.MAX_VALUE);
    }

    private static Map<String, Double> ordered(double feed, double state, double speed) {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("feed", feed);
        map.put("state", state);
        map.put("speed", speed);
        return map;
    }
}
