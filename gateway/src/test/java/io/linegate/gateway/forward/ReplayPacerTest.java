package io.linegate.gateway.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplayPacerTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void unpacedNeverWaits() {
        ReplayPacer pacer = new ReplayPacer(0);
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(pacer.reserve(42)).isZero();
        }
    }

    @Test
    void aBurstOfATenthOfASecondGoesAtOnceThenTheRateHolds() {
        ReplayPacer pacer = new ReplayPacer(1_000);
        long now = 7 * SECOND;
        int burst = 0;
        while (pacer.reserve(now) == 0) {
            burst++;
        }
        assertThat(burst).isEqualTo(101);

        // Over the next ten seconds, with the clock advancing by what the pacer asks to wait,
        // exactly rate × time records go.
        long end = now + 10 * SECOND;
        int sent = 0;
        while (now < end) {
            long wait = pacer.reserve(now);
            if (wait == 0) {
                sent++;
            } else {
                now += wait;
            }
        }
        assertThat(sent).isBetween(9_999, 10_001);
    }

    @Test
    void anIdlePacerDoesNotSaveUpMoreThanOneBurst() {
        ReplayPacer pacer = new ReplayPacer(100);
        assertThat(pacer.reserve(0)).isZero();
        long later = 3_600 * SECOND;
        int burst = 0;
        while (pacer.reserve(later) == 0) {
            burst++;
        }
        assertThat(burst).isEqualTo(11);
    }

    @Test
    void theWaitItAsksForIsEnough() {
        ReplayPacer pacer = new ReplayPacer(10);
        long now = 0;
        while (pacer.reserve(now) == 0) {
            // use up the burst
        }
        long wait = pacer.reserve(now);
        assertThat(wait).isPositive().isLessThanOrEqualTo(SECOND / 10);
        assertThat(pacer.reserve(now + wait)).isZero();
    }

    @Test
    void rejectsANegativeRate() {
        assertThatThrownBy(() -> new ReplayPacer(-1)).hasMessageContaining("Found: -1");
    }
}
