package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void progressShowsCountersAndTheRateSinceThePreviousSnapshot() {
        FleetProgress previous = new FleetProgress(10, 100, 100, 0, 2, Duration.ofSeconds(5), false);
        FleetProgress current = new FleetProgress(20, 600, 600, 1, 3, Duration.ofSeconds(10), false);

        assertThat(ProgressLine.progress(previous, current))
                .isEqualTo("ticks=20 messages=600 (100/s) readings=600 failed=1 in-flight=3");
        assertThat(ProgressLine.progress(null, current))
                .isEqualTo("ticks=20 messages=600 (60/s) readings=600 failed=1 in-flight=3");
    }

    @Test
    void summaryShowsTotalsAndTheOverallRate() {
        FleetProgress done = new FleetProgress(120, 1440, 1440, 0, 0, Duration.ofSeconds(12), true);

        assertThat(ProgressLine.summary(done)).isEqualTo(
                "published 1440 messages (1440 readings), 120 ticks per line, in 12.0 s (120 messages/s), 0 failed");
    }
}
