package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies the drift text form and the drift record's checks. */
class DriftTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @Test
    void parsesAddSubtractAndSet() {
        assertThat(Drift.parse("at=10m, speed=+3.0")).containsExactly(Drift.add(TEN_MINUTES, "speed", 3.0));
        assertThat(Drift.parse("at=10m, speed=-1.5")).containsExactly(Drift.add(TEN_MINUTES, "speed", -1.5));
        assertThat(Drift.parse("at=10m, speed==2.0")).containsExactly(Drift.set(TEN_MINUTES, "speed", 2.0));
        assertThat(Drift.parse("at=10m, speed= =-2")).containsExactly(Drift.set(TEN_MINUTES, "speed", -2));
    }

    @Test
    void parsesTheInterceptALineSeveralTermsAndSeveralSpecs() {
        assertThat(Drift.parse("line=L1, at=5m, intercept=+5"))
                .containsExactly(new Drift("L1", Duration.ofMinutes(5), Drift.INTERCEPT, Drift.Mode.ADD, 5));
        assertThat(Drift.parse(" at = 90s , feed = -0.05 , state = +2 ; at=1h30m, feed==0.2 ;"))
                .containsExactly(Drift.add(Duration.ofSeconds(90), "feed", -0.05),
                        Drift.add(Duration.ofSeconds(90), "state", 2),
                        Drift.set(Duration.ofMinutes(90), "feed", 0.2));
        assertThat(Drift.parse("at=0, speed=+1e-3")).containsExactly(Drift.add(Duration.ZERO, "speed", 0.001));
    }

    @Test
    void describeIsReadBackAsTheSameDrift() {
        List<Drift> drifts = List.of(Drift.add(TEN_MINUTES, "speed", 3), Drift.add(Duration.ofMillis(1500), "feed", -0.05),
                Drift.set(Duration.ZERO, Drift.INTERCEPT, 30.25).onLine("L7"));

        assertThat(drifts).extracting(Drift::describe)
                .containsExactly("at=10m, speed=+3", "at=1.5s, feed=-0.05", "line=L7, at=0, intercept==30.25");
        for (Drift drift : drifts) {
            assertThat(Drift.parse(drift.describe())).containsExactly(drift);
        }
    }

    @Test
    void addsToOrSetsTheValueInEffect() {
        assertThat(Drift.add(TEN_MINUTES, "speed", 3).apply(4.5)).isEqualTo(7.5);
        assertThat(Drift.add(TEN_MINUTES, "speed", -1.5).apply(4.5)).isEqualTo(3.0);
        assertThat(Drift.set(TEN_MINUTES, "speed", 2).apply(4.5)).isEqualTo(2.0);
        assertThat(Drift.add(TEN_MINUTES, "speed", 3).appliesTo("L2")).isTrue();
        assertThat(Drift.add(TEN_MINUTES, "speed", 3).onLine("L1").appliesTo("L2")).isFalse();
    }

    static Stream<Arguments> invalidTexts() {
        return Stream.of(
                Arguments.of("", "drift must look like 'at=10m, speed=+3.0'. Found: ''"),
                Arguments.of(" ; ", "drift must look like 'at=10m, speed=+3.0'. Found: ' ; '"),
                Arguments.of("at=10m, speed=3.0", "drift speed must be +X (add), -X (subtract) or =X (set), e.g. +3.0."
                        + " Found: 3.0 (in 'at=10m, speed=3.0')"),
                Arguments.of("at=10m, speed=+3.0x", "drift speed must be +X (add), -X (subtract) or =X (set), e.g. +3.0."
                        + " Found: +3.0x (in 'at=10m, speed=+3.0x')"),
                Arguments.of("at=10m, speed=+NaN", "drift speed must be +X (add), -X (subtract) or =X (set), e.g. +3.0."
                        + " Found: +NaN (in 'at=10m, speed=+NaN')"),
                Arguments.of("at=10m, speed=+1e999", "drift speed must be +X (add), -X (subtract) or =X (set), e.g. +3.0."
                        + " Found: +1e999 (in 'at=10m, speed=+1e999')"),
                Arguments.of("at=10m, speed=", "drift speed must be +X (add), -X (subtract) or =X (set), e.g. +3.0."
                        + " Found: '' (in 'at=10m, speed=')"),
                Arguments.of("at=10x, speed=+3", "drift at must be a duration like 500ms, 30s, 5m, 1h or 1h30m."
                        + " Found: 10x (in 'at=10x, speed=+3')"),
                Arguments.of("at=-1m, speed=+3", "drift at must be a duration like 500ms, 30s, 5m, 1h or 1h30m."
                        + " Found: -1m (in 'at=-1m, speed=+3')"),
                Arguments.of("at=10m speed=+3", "drift at must be a duration like 500ms, 30s, 5m, 1h or 1h30m."
                        + " Found: 10m speed=+3 (in 'at=10m speed=+3')"),
                Arguments.of("speed=+3", "drift needs at=..., e.g. 'at=10m, speed=+3.0'. Found: 'speed=+3'"),
                Arguments.of("at=10m", "drift needs a change such as speed=+3.0, feed=-0.05 or intercept==30"
                        + " (terms feed, state, speed, intercept). Found: 'at=10m'"),
                Arguments.of("at=10m, sped=+3", "drift key must be one of line, at, feed, state, speed, intercept."
                        + " Found: sped (in 'at=10m, sped=+3')"),
                Arguments.of("at=10m, efficiency=+3", "drift key must be one of line, at, feed, state, speed, intercept."
                        + " Found: efficiency (in 'at=10m, efficiency=+3')"),
                Arguments.of("at=1m, at=2m, speed=+1", "drift keys must not repeat. Found: at (in 'at=1m, at=2m, speed=+1')"),
                Arguments.of("at=10m, speed", "drift parts must look like key=value. Found: 'speed' (in 'at=10m, speed')"),
                Arguments.of("line=L 1, at=1m, speed=+1", "drift line must match [A-Za-z0-9_.-]{1,64}. Found: L 1"
                        + " (in 'line=L 1, at=1m, speed=+1')"),
                Arguments.of("at=1m, speed=+1; at=2m, feed=x", "drift feed must be +X (add), -X (subtract) or =X (set),"
                        + " e.g. +3.0. Found: x (in 'at=2m, feed=x')"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidTexts")
    void rejectsBadTextNamingTheBadPart(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> Drift.parse(text)).withMessage(message);
    }

    @Test
    void rejectsBadValuesFromJavaWithTheirNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> Drift.add(Duration.ofMinutes(-1), "speed", 1))
                .withMessage("drift at must not be negative. Found: PT-1M");
        assertThatIllegalArgumentException().isThrownBy(() -> Drift.add(Duration.ZERO, "efficiency", 1))
                .withMessage("drift term must be one of [feed, state, speed, intercept]. Found: efficiency");
        assertThatIllegalArgumentException().isThrownBy(() -> Drift.set(Duration.ZERO, "speed", Double.NaN))
                .withMessage("drift amount must be finite. Found: NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> Drift.add(Duration.ZERO, "speed", 1).onLine("L/1"))
                .withMessage("drift line must match [A-Za-z0-9_.-]{1,64}. Found: L/1");
        assertThatNullPointerException().isThrownBy(() -> Drift.add(null, "speed", 1))
                .withMessage("drift at must not be null");
    }
}
