package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies the collinear relation's text form and checks. */
class CollinearTest {

    @Test
    void parsesRelationsWithOptionalFactorOffsetNoiseAndLine() {
        assertThat(Collinear.parse("feed=2*speed+1")).containsExactly(Collinear.of("feed", 2, "speed", 1));
        assertThat(Collinear.parse("feed = -0.5 * speed + 150")).containsExactly(Collinear.of("feed", -0.5, "speed", 150));
        assertThat(Collinear.parse("feed=speed")).containsExactly(Collinear.of("feed", 1, "speed", 0));
        assertThat(Collinear.parse("feed=3*speed-2.5, noise=0.01, line=L3"))
                .containsExactly(new Collinear("L3", "feed", "speed", 3, -2.5, 0.01));
        assertThat(Collinear.parse("speed=0.01*feed; state=2*speed"))
                .containsExactly(Collinear.of("speed", 0.01, "feed", 0), Collinear.of("state", 2, "speed", 0));
    }

    @Test
    void describeIsReadBackAsTheSameRelation() {
        List<Collinear> relations = List.of(Collinear.of("feed", 2, "speed", 1), Collinear.of("feed", -0.5, "state", -3),
                Collinear.of("speed", 1, "feed", 0).withNoise(0.01).onLine("L2"));

        assertThat(relations).extracting(Collinear::describe)
                .containsExactly("feed=2*speed+1", "feed=-0.5*state-3", "line=L2, speed=feed, noise=0.01");
        for (Collinear relation : relations) {
            assertThat(Collinear.parse(relation.describe())).containsExactly(relation);
        }
    }

    @Test
    void computesTheNoiseFreeValue() {
        assertThat(Collinear.of("feed", 2, "speed", 1).value(1.5)).isEqualTo(4.0);
    }

    static Stream<Arguments> invalidTexts() {
        String shape = "collinear feed must look like 2*speed+1 (factor*feature, then + or - a number). Found: ";
        return Stream.of(
                Arguments.of("feed=2*speed+", shape + "2*speed+ (in 'feed=2*speed+')"),
                Arguments.of("feed=2**speed", shape + "2**speed (in 'feed=2**speed')"),
                Arguments.of("feed=", shape + "'' (in 'feed=')"),
                Arguments.of("feed=2*temp+1", "collinear feed must be derived from another feature, one of feed, state,"
                        + " speed but not feed. Found: temp (in 'feed=2*temp+1')"),
                Arguments.of("feed=2*feed+1", "collinear feed must be derived from another feature, one of feed, state,"
                        + " speed but not feed. Found: feed (in 'feed=2*feed+1')"),
                Arguments.of("feed=2*speed+1, speed=3*state", "collinear needs exactly one relation such as"
                        + " feed=2*speed+1 (features feed, state, speed). Found: 'feed=2*speed+1, speed=3*state'"),
                Arguments.of("noise=0.1", "collinear needs exactly one relation such as feed=2*speed+1"
                        + " (features feed, state, speed). Found: 'noise=0.1'"),
                Arguments.of("feed=2*speed+1, noise=-0.1", "collinear noise must not be negative. Found: -0.1"
                        + " (in 'feed=2*speed+1, noise=-0.1')"),
                Arguments.of("feed=2*speed+1, noise=lots", "collinear noise must be a finite decimal number such as 0.5."
                        + " Found: lots (in 'feed=2*speed+1, noise=lots')"),
                Arguments.of("efficiency=2*speed", "collinear key must be one of line, noise, feed, state, speed."
                        + " Found: efficiency (in 'efficiency=2*speed')"),
                Arguments.of("", "collinear must look like 'feed=2*speed+1'. Found: ''"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidTexts")
    void rejectsBadTextNamingTheBadPart(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> Collinear.parse(text)).withMessage(message);
    }

    @Test
    void rejectsBadValuesFromJavaWithTheirNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> Collinear.of("feed", Double.NaN, "speed", 0))
                .withMessage("collinear slope must be finite. Found: NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> Collinear.of("feed", 1, "feed", 0))
                .withMessage("collinear source must differ from the derived feature. Found: feed");
        assertThatIllegalArgumentException().isThrownBy(() -> Collinear.of("efficiency", 1, "feed", 0))
                .withMessage("collinear feature must be one of [feed, state, speed]. Found: efficiency");
        assertThatIllegalArgumentException().isThrownBy(() -> Collinear.of("feed", 1, "speed", 0).withNoise(-1))
                .withMessage("collinear noise must be finite and not negative. Found: -1.0");
    }
}
