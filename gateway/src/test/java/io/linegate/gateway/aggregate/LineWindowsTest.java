package io.linegate.gateway.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.config.ModelConfig;
import io.linegate.gateway.config.WindowStatistic;
import io.linegate.gateway.decode.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LineWindowsTest {

    private static final long T0 = 1_764_340_000_000L;

    private final List<LineWindow> closed = new ArrayList<>();

    private static LineConfig config(long windowMs, long latenessMs, long idleMs, WindowStatistic statistic) {
        return new LineConfig(List.of("feed", "speed"), "efficiency", Duration.ofMillis(windowMs),
                Duration.ofMillis(latenessMs), Duration.ofMillis(idleMs), statistic, ModelConfig.defaults());
    }

    private static Reading reading(String sensor, double value, long ts) {
        return new Reading("L1", sensor, value, ts, Reading.NO_SEQ);
    }

    @Test
    void closesWindowWhenWatermarkPassesEnd() {
        LineWindows windows = new LineWindows("L1", config(1000, 500, 60_000, WindowStatistic.MEAN));
        windows.add(reading("feed", 10, T0 + 100), T0, closed::add);
        windows.add(reading("feed", 20, T0 + 900), T0, closed::add);
        windows.add(reading("efficiency", 70, T0 + 500), T0, closed::add);
        windows.add(reading("feed", 30, T0 + 1400), T0, closed::add);
        assertThat(closed).as("watermark %d has not reached the end", T0 + 900).isEmpty();

        windows.add(reading("feed", 30, T0 + 1500), T0, closed::add);

        assertThat(closed).hasSize(1);
        LineWindow w = closed.get(0);
        assertThat(w.startMs()).isEqualTo(T0 - T0 % 1000);
        assertThat(w.endMs()).isEqualTo(w.startMs() + 1000);
        assertThat(w.feature(0)).isEqualTo(15.0);
        assertThat(w.feature(1)).isNaN();
        assertThat(w.target()).isEqualTo(70.0);
        assertThat(w.readings()).isEqualTo(3);
        assertThat(w.cause()).isEqualTo(LineWindow.CloseCause.WATERMARK);
        assertThat(windows.openWindows()).isEqualTo(1);
    }

    @Test
    void closesWindowsOfALineIdleLongerThanIdleTimeout() {
        LineWindows windows = new LineWindows("L1", config(1000, 2000, 3000, WindowStatistic.MEAN));
        windows.add(reading("feed", 1, T0), T0, closed::add);
        windows.add(reading("feed", 2, T0 + 1000), T0 + 10, closed::add);

        assertThat(windows.closeIfIdle(T0 + 3010, closed::add)).as("idle exactly the timeout, not longer").isFalse();
        assertThat(closed).isEmpty();

        assertThat(windows.closeIfIdle(T0 + 3011, closed::add)).isTrue();
        assertThat(closed).extracting(LineWindow::startMs).containsExactly(T0, T0 + 1000);
        assertThat(closed).allMatch(w -> w.cause() == LineWindow.CloseCause.IDLE);
        assertThat(windows.openWindows()).isZero();
    }

    @Test
    void idleCloseDoesNotCutShortALongWindowThatIsStillFilling() {
        LineWindows windows = new LineWindows("L1", config(300_000, 0, 3000, WindowStatistic.MEAN));
        List<LineWindows.AddResult> results = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long t = T0 - T0 % 300_000 + i * 10_000L;
            windows.closeIfIdle(t, closed::add);
            results.add(windows.add(reading("feed", i, t), t, closed::add));
        }

        assertThat(results).containsOnly(LineWindows.AddResult.ACCEPTED);
        assertThat(closed).singleElement().satisfies(w -> assertThat(w.readings()).isEqualTo(30));
    }

    @Test
    void readingsOfIgnoredSensorsDoNotKeepALineFromFlushing() {
        LineWindows windows = new LineWindows("L1", config(1000, 0, 3000, WindowStatistic.MEAN));
        windows.add(reading("feed", 1, T0 + 500), T0 + 500, closed::add);
        for (long t = T0 + 1000; t < T0 + 10_000; t += 1000) {
            windows.add(reading("humidity", 40, t), t, closed::add);
        }

        assertThat(windows.closeIfIdle(T0 + 10_000, closed::add)).isTrue();
        assertThat(closed).singleElement().extracting(LineWindow::startMs).isEqualTo(T0);
    }

    @Test
    void countsReadingForClosedWindowAsLate() {
        LineWindows windows = new LineWindows("L1", config(1000, 0, 60_000, WindowStatistic.MEAN));
        windows.add(reading("feed", 1, T0 + 100), T0, closed::add);
        windows.add(reading("feed", 2, T0 + 1100), T0, closed::add);
        assertThat(closed).hasSize(1);

        LineWindows.AddResult late = windows.add(reading("feed", 3, T0 + 999), T0, closed::add);

        assertThat(late).isEqualTo(LineWindows.AddResult.LATE);
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).feature(0)).as("the late value did not change the closed window").isEqualTo(1.0);
    }

    @Test
    void readingAfterIdleCloseOfItsWindowIsLate() {
        LineWindows windows = new LineWindows("L1", config(1000, 500, 100, WindowStatistic.MEAN));
        windows.add(reading("feed", 1, T0 + 100), T0, closed::add);
        assertThat(windows.closeIfIdle(T0 + 1500, closed::add)).isTrue();

        assertThat(windows.add(reading("feed", 2, T0 + 300), T0 + 1500, closed::add))
                .isEqualTo(LineWindows.AddResult.LATE);
        assertThat(windows.add(reading("feed", 2, T0 + 1300), T0 + 1500, closed::add))
                .isEqualTo(LineWindows.AddResult.ACCEPTED);
    }

    @Test
    void acceptsOutOfOrderReadingWithinLateness() {
        LineWindows windows = new LineWindows("L1", config(1000, 1500, 60_000, WindowStatistic.MEAN));
        windows.add(reading("feed", 1, T0 + 100), T0, closed::add);
        windows.add(reading("feed", 5, T0 + 2200), T0, closed::add);

        LineWindows.AddResult result = windows.add(reading("feed", 3, T0 + 600), T0, closed::add);

        assertThat(result).isEqualTo(LineWindows.AddResult.ACCEPTED);
        windows.add(reading("feed", 9, T0 + 2600), T0, closed::add);
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).feature(0)).isEqualTo(2.0);
    }

    @Test
    void ignoresSensorsThatAreNeitherFeatureNorTarget() {
        LineWindows windows = new LineWindows("L1", config(1000, 0, 60_000, WindowStatistic.MEAN));

        assertThat(windows.add(reading("humidity", 1, T0), T0, closed::add))
                .isEqualTo(LineWindows.AddResult.IGNORED);
        assertThat(windows.openWindows()).isZero();
    }

    @Test
    void alignsWindowsToMultiplesOfTheirLengthFromTheEpoch() {
        LineWindows windows = new LineWindows("L1", config(5000, 0, 60_000, WindowStatistic.MEAN));
        windows.add(reading("feed", 1, 12_345), 0, closed::add);
        windows.add(reading("feed", 1, 15_000), 0, closed::add);

        assertThat(closed).singleElement().satisfies(w -> {
            assertThat(w.startMs()).isEqualTo(10_000);
            assertThat(w.endMs()).isEqualTo(15_000);
        });
    }

    @Test
    void appliesConfiguredStatistic() {
        for (WindowStatistic s : WindowStatistic.values()) {
            closed.clear();
            LineWindows windows = new LineWindows("L1", config(1000, 0, 60_000, s));
            windows.add(reading("feed", 4, T0 + 300), T0, closed::add);
            windows.add(reading("feed", 1, T0 + 100), T0, closed::add);
            windows.add(reading("feed", 7, T0 + 200), T0, closed::add);
            windows.add(reading("feed", 0, T0 + 1000), T0, closed::add);
            double expected = switch (s) {
                case MEAN -> 4.0;
                case MIN -> 1.0;
                case MAX -> 7.0;
                case LAST -> 4.0;
            };
            assertThat(closed.get(0).feature(0)).as(s.id()).isEqualTo(expected);
        }
    }

    @Property(tries = 300)
    void everyReadingEndsAcceptedInExactlyOneWindowOrLate(
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 19_999) Integer> offsets,
            @ForAll @IntRange(min = 0, max = 5_000) int latenessMs,
            @ForAll @IntRange(min = 100, max = 3_000) int windowMs) {
        LineWindows windows = new LineWindows("L1", config(windowMs, latenessMs, 60_000, WindowStatistic.MEAN));
        List<LineWindow> out = new ArrayList<>();
        int accepted = 0;
        int late = 0;
        long maxSeen = Long.MIN_VALUE;
        for (int offset : offsets) {
            long ts = T0 + offset;
            boolean expectLate = maxSeen != Long.MIN_VALUE
                    && Math.floorDiv(ts, windowMs) * windowMs + windowMs <= maxSeen - latenessMs;
            LineWindows.AddResult r = windows.add(reading("feed", 1, ts), 0, out::add);
            if (r == LineWindows.AddResult.LATE) {
                late++;
            } else {
                accepted++;
                maxSeen = Math.max(maxSeen, ts);
            }
            if (expectLate) {
                assertThat(r).as("ts %d behind watermark %d", ts, maxSeen - latenessMs)
                        .isEqualTo(LineWindows.AddResult.LATE);
            }
        }
        windows.closeIfIdle(Long.MAX_VALUE / 2, out::add);

        assertThat(accepted + late).isEqualTo(offsets.size());
        assertThat(out.stream().mapToInt(LineWindow::readings).sum()).isEqualTo(accepted);
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).startMs()).isGreaterThanOrEqualTo(out.get(i - 1).endMs());
        }
        assertThat(windows.openWindows()).isZero();
    }

    @Property(tries = 200)
    void windowMeansEqualBatchComputation(@ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 9_999) Integer> offsets,
                                          @ForAll @DoubleRange(min = -1e6, max = 1e6) double scale) {
        LineWindows windows = new LineWindows("L1", config(1000, 10_000, 60_000, WindowStatistic.MEAN));
        List<LineWindow> out = new ArrayList<>();
        double[] sums = new double[10];
        int[] counts = new int[10];
        for (int i = 0; i < offsets.size(); i++) {
            int offset = offsets.get(i);
            double value = scale * Math.sin(i + 1);
            windows.add(reading("feed", value, offset), 0, out::add);
            sums[offset / 1000] += value;
            counts[offset / 1000]++;
        }
        windows.closeIfIdle(Long.MAX_VALUE / 2, out::add);

        for (LineWindow w : out) {
            int index = (int) (w.startMs() / 1000);
            assertThat(w.feature(0)).isCloseTo(sums[index] / counts[index],
                    org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(scale))));
        }
        long nonEmpty = java.util.Arrays.stream(counts).filter(c -> c > 0).count();
        assertThat(out).hasSize((int) nonEmpty);
        assertThat(out).isSortedAccordingTo(java.util.Comparator.comparingLong(LineWindow::startMs));
    }
}
