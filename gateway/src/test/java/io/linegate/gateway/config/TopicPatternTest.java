package io.linegate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicPatternTest {

    private final TopicPattern pattern = TopicPattern.parse("sensors/{line}/{sensor}");

    @Test
    void matchesPerSensorTopic() {
        assertThat(pattern.match("sensors/L1/feed")).isEqualTo(new TopicPattern.TopicMatch("L1", "feed"));
    }

    @Test
    void treatsTopicOneLevelShorterAsLineBatchTopic() {
        TopicPattern.TopicMatch match = pattern.match("sensors/L1");

        assertThat(match.lineId()).isEqualTo("L1");
        assertThat(match.lineLevel()).isTrue();
    }

    @Test
    void doesNotMatchOtherShapes() {
        assertThat(pattern.match("sensors")).isNull();
        assertThat(pattern.match("sensors/L1/feed/extra")).isNull();
        assertThat(pattern.match("other/L1/feed")).isNull();
        assertThat(pattern.match("")).isNull();
    }

    @Test
    void supportsPlusLevelsAndLineDeeperInTheTopic() {
        TopicPattern deep = TopicPattern.parse("plant/+/{line}/telemetry/{sensor}");

        assertThat(deep.match("plant/hall-2/L9/telemetry/speed")).isEqualTo(new TopicPattern.TopicMatch("L9", "speed"));
        assertThat(deep.match("plant/hall-2/L9/telemetry")).isEqualTo(new TopicPattern.TopicMatch("L9", null));
        assertThat(deep.match("plant/hall-2/L9/other/speed")).isNull();
    }

    @Test
    void leavesIdValidationToTheDecoder() {
        assertThat(pattern.match("sensors/bad id/feed")).isEqualTo(new TopicPattern.TopicMatch("bad id", "feed"));
        assertThat(pattern.match("sensors//feed")).isEqualTo(new TopicPattern.TopicMatch("", "feed"));
    }

    @Test
    void refusesPatternsWithoutLineOrTrailingSensor() {
        assertThatThrownBy(() -> TopicPattern.parse("sensors/{sensor}")).hasMessageContaining("{line}");
        assertThatThrownBy(() -> TopicPattern.parse("sensors/{line}")).hasMessageContaining("{sensor}");
        assertThatThrownBy(() -> TopicPattern.parse("sensors/#/{line}/{sensor}")).hasMessageContaining("'#'");
    }
}
