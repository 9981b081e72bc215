package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies how a scenario is assembled and checked, alone and in {@link FleetConfig}. */
class ScenarioTest {

    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    @Test
    void theBuilderCollectsEveryKindAndKeepsItInToBuilder() {
        FleetConfig config = FleetConfig.builder()
                .drift(Drift.add(Duration.ofMinutes(10), "speed", 3))
                .drift(Drift.set(Duration.ofMinutes(20), Drift.INTERCEPT, 30).onLine("L2"))
                .dropout(Dropout.of("speed", Duration.ofMinutes(5), Duration.ofMinutes(2)))
                .stuck(Stuck.of("feed", Duration.ofMinutes(5), Duration.ofMinutes(2)).onLine("L3"))
                .collinear(Collinear.of("feed", 2, "speed", 1))
                .build();

        assertThat(config.scenario().describe()).containsExactly(
                "drift at=10m, speed=+3",
                "drift line=L2, at=20m, intercept==30",
                "dropout sensor=speed, from=5m, for=2m",
                "stuck line=L3, sensor=feed, from=5m, for=2m",
                "collinear feed=2*speed+1");
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().scenario(null).build().scenario()).isEqualTo(Scenario.NONE);
        assertThat(FleetConfig.builder().build().scenario().isEmpty()).isTrue();
    }

    @Test
    void rejectsLinesTheFleetDoesNotHave() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FleetConfig.builder().lines(3).drift(Drift.add(ONE_MINUTE, "speed", 1).onLine("L9")).build())
                .withMessage("drift line must be one of L1..L3. Found: L9");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FleetConfig.builder().lines(1).dropout(Dropout.of("feed", ONE_MINUTE, ONE_MINUTE).onLine("L2")).build())
                .withMessage("dropout line must be one of L1. Found: L2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FleetConfig.builder().lines(3).stuck(Stuck.of("feed", ONE_MINUTE, ONE_MINUTE).onLine("L01")).build())
                .withMessage("stuck line must be one of L1..L3. Found: L01");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new FleetGenerator(2, "M", 1, 0.5, Scenario.NONE.with(Collinear.of("feed", 1, "speed", 0).onLine("L1"))))
                .withMessage("collinear line must be one of M1..M2. Found: L1");
        assertThat(FleetConfig.builder().lines(12).drift(Drift.add(ONE_MINUTE, "speed", 1).onLine("L12")).build().lines())
                .isEqualTo(12);
    }

    @Test
    void rejectsAFeatureDerivedTwiceOnOneLine() {
        Scenario scenario = Scenario.NONE.with(Collinear.of("feed", 2, "speed", 1));

        assertThatIllegalArgumentException().isThrownBy(() -> scenario.with(Collinear.of("feed", 1, "state", 0).onLine("L1")))
                .withMessage("collinear feature must be derived once per line. Found: feed=2*speed+1 and line=L1, feed=state");
        assertThat(Scenario.NONE.with(Collinear.of("feed", 1, "speed", 0).onLine("L1"))
                .with(Collinear.of("feed", 1, "state", 0).onLine("L2")).collinear()).hasSize(2);
    }

    @Test
    void rejectsChainsOfDerivedFeatures() {
        Scenario scenario = Scenario.NONE.with(Collinear.of("feed", 2, "speed", 0));

        assertThatIllegalArgumentException().isThrownBy(() -> scenario.with(Collinear.of("speed", 1, "state", 1)))
                .withMessage("collinear source must not itself be derived (no chains). Found: feed=2*speed and speed=state+1");
    }

    @Test
    void boundsTheNumberOfEntriesAndRejectsNulls() {
        List<Drift> drifts = Collections.nCopies(Scenario.MAX_ENTRIES + 1, Drift.add(ONE_MINUTE, "speed", 1));

        assertThatIllegalArgumentException().isThrownBy(() -> new Scenario(drifts, List.of(), List.of(), List.of()))
                .withMessage("drifts must have at most 1000 entries. Found: 1001");
        assertThatNullPointerException().isThrownBy(() -> FleetConfig.builder().drift(null))
                .withMessage("drift must not be null");
    }
}
