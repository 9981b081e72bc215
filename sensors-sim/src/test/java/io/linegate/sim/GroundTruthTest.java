package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

    private static Map<String, Double> ordered(double feed, double state, double speed) {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("feed", feed);
        map.put("state", state);
        map.put("speed", speed);
        return map;
    }
}
