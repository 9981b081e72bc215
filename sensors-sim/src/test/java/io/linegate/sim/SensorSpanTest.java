package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies the text form and checks shared by {@link Dropout} and {@link Stuck}. */
class SensorSpanTest {

    @Test
    void parsesDropoutsWithAndWithoutALine() {
        assertThat(Dropout.parse("sensor=speed, from=5m, for=2m"))
                .containsExactly(Dropout.of("speed", Duration.ofMinutes(5), Duration.ofMinutes(2)));
        assertThat(Dropout.parse("line=L2, sensor=efficiency, from=0, for=500ms; sensor=feed, from=1h, for=90s"))
                .containsExactly(new Dropout("L2", "efficiency", Duration.ZERO, Duration.ofMillis(500)),
                        Dropout.of("feed", Duration.ofHours(1), Duration.ofSeconds(90)));
    }

    @Test
    void parsesStuckSensors() {
        assertThat(Stuck.parse(" sensor = feed , from = 5m , for = 2m "))
                .containsExactly(Stuck.of("feed", Duration.ofMinutes(5), Duration.ofMinutes(2)));
        assertThat(Stuck.parse("line=L1, sensor=state, from=10s, for=1s"))
                .containsExactly(Stuck.of("state", Duration.ofSeconds(10), Duration.ofSeconds(1)).onLine("L1"));
    }

    @Test
    void describeIsReadBackAsTheSameSpan() {
        Dropout dropout = Dropout.of("speed", Duration.ofMinutes(5), Duration.ofMillis(2500)).onLine("L3");
        Stuck stuck = Stuck.of("efficiency", Duration.ZERO, Duration.ofHours(2));

        assertThat(dropout.describe()).isEqualTo("line=L3, sensor=speed, from=5m, for=2.5s");
        assertThat(stuck.describe()).isEqualTo("sensor=efficiency, from=0, for=2h");
        assertThat(Dropout.parse(dropout.describe())).containsExactly(dropout);
        assertThat(Stuck.parse(stuck.describe())).containsExactly(stuck);
    }

    @Test
    void coversFromInclusiveToFromPlusLengthExclusive() {
        Dropout dropout = Dropout.of("speed", Duration.ofMinutes(5), Duration.ofMinutes(2));

        assertThat(dropout.covers(Duration.ofMillis(299_999))).isFalse();
        assertThat(dropout.covers(Duration.ofMinutes(5))).isTrue();
        assertThat(dropout.covers(Duration.ofMillis(419_999))).isTrue();
        assertThat(dropout.covers(Duration.ofMinutes(7))).isFalse();
    }

    static Stream<Arguments> invalidTexts() {
        return Stream.of("dropout", "stuck").flatMap(kind -> Stream.of(
                Arguments.of(kind, "sensor=temp, from=5m, for=2m", kind + " sensor must be one of feed, state, speed,"
                        + " efficiency. Found: temp (in 'sensor=temp, from=5m, for=2m')"),
                Arguments.of(kind, "sensor=speed, from=5m", kind + " needs for=..., e.g. 'sensor=speed, from=5m, for=2m'."
                        + " Found: 'sensor=speed, from=5m'"),
                Arguments.of(kind, "from=5m, for=2m", kind + " needs sensor=..., e.g. 'sensor=speed, from=5m, for=2m'."
                        + " Found: 'from=5m, for=2m'"),
                Arguments.of(kind, "sensor=speed, from=5m, for=0", kind + " for must be greater than 0. Found: 0"
                        + " (in 'sensor=speed, from=5m, for=0')"),
                Arguments.of(kind, "sensor=speed, from=soon, for=2m", kind + " from must be a duration like 500ms, 30s,"
                        + " 5m, 1h or 1h30m. Found: soon (in 'sensor=speed, from=soon, for=2m')"),
                Arguments.of(kind, "sensor=speed, from=5m, for=2m, until=9m", kind + " key must be one of line, sensor,"
                        + " from, for. Found: until (in 'sensor=speed, from=5m, for=2m, until=9m')"),
                Arguments.of(kind, "line=, sensor=speed, from=5m, for=2m", kind + " line must match [A-Za-z0-9_.-]{1,64}."
                        + " Found:  (in 'line=, sensor=speed, from=5m, for=2m')")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidTexts")
    void rejectsBadTextNamingTheBadPart(String kind, String text, String message) {
        Function<String, List<?>> parse = kind.equals("dropout") ? Dropout::parse : Stuck::parse;

        assertThatIllegalArgumentException().isThrownBy(() -> parse.apply(text)).withMessage(message);
    }

    @Test
    void rejectsBadValuesFromJavaWithTheirNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> Dropout.of("speed", Duration.ofMinutes(1), Duration.ZERO))
                .withMessage("dropout for must be greater than 0. Found: PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> Stuck.of("speed", Duration.ofSeconds(-1), Duration.ofMinutes(1)))
                .withMessage("stuck from must not be negative. Found: PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> Stuck.of("temp", Duration.ZERO, Duration.ofMinutes(1)))
                .withMessage("stuck sensor must be one of [feed, state, speed, efficiency]. Found: temp");
    }
}
