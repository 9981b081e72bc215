package io.linegate.gateway.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Verifies the detectors' operating characteristics with their default parameters on standard
 * normal residuals (standardized residuals of a well-calibrated model): false alarms on a stable
 * stream stay rare, and a shift of the residuals' mean is found within a bounded delay.
 *
 * <p>Measured with these seeds (the figures quoted in {@link DriftConfig}):
 * <pre>
 *   method        false alarms per 100,000 stable windows   delay after a 1σ shift   after 3σ
 *                 (50 streams: max, total)                   (200 runs: median, max)  (median, max)
 *   cusum         max 4, total 37                            21, 62                   5, 8
 *   page-hinkley  max 2, total 4                             23, 77                   5, 8
 * </pre>
 * The delay counts shifted windows up to and including the alarm; each run is a fresh detector
 * with 300 stable windows before the shift (past CUSUM's warm-up), none of which alarmed.
 */
class DriftDetectionTest {

    private static final int STABLE_WINDOWS = 100_000;
    private static final int STREAMS = 50;
    private static final int RUNS = 200;
    private static final int BEFORE_SHIFT = 300;

    @ParameterizedTest
    @EnumSource(value = DriftConfig.Method.class, names = {"CUSUM", "PAGE_HINKLEY"})
    void falseAlarmsOnAStableStreamStayBelowTheStatedBound(DriftConfig.Method method) {
        int bound = method == DriftConfig.Method.CUSUM ? 5 : 3;
        int[] alarms = new int[STREAMS];
        for (int stream = 0; stream < STREAMS; stream++) {
            Random random = new Random(1000 + stream);
            DriftDetector detector = detector(method).get();
            for (int i = 0; i < STABLE_WINDOWS; i++) {
                if (detector.update(random.nextGaussian())) {
                    alarms[stream]++;
                }
            }
            assertThat(detector.state().alarms()).isEqualTo(alarms[stream]);
        }

        assertThat(Arrays.stream(alarms).max().orElseThrow()).as("most false alarms in one stream")
                .isLessThanOrEqualTo(bound);
        assertThat(Arrays.stream(alarms).sum()).as("false alarms in %d windows", STREAMS * STABLE_WINDOWS)
                .isLessThanOrEqualTo(method == DriftConfig.Method.CUSUM ? 50 : 10);
    }

    @ParameterizedTest
    @EnumSource(value = DriftConfig.Method.class, names = {"CUSUM", "PAGE_HINKLEY"})
    void findsAOneSigmaShiftWithinTheStatedDelay(DriftConfig.Method method) {
        int[] delays = delays(detector(method), 1.0);

        assertThat(median(delays)).isLessThanOrEqualTo(30);
        assertThat(max(delays)).isLessThanOrEqualTo(100);
    }

    @ParameterizedTest
    @EnumSource(value = DriftConfig.Method.class, names = {"CUSUM", "PAGE_HINKLEY"})
    void findsAThreeSigmaShiftWithinTheStatedDelay(DriftConfig.Method method) {
        int[] delays = delays(detector(method), 3.0);

        assertThat(median(delays)).isLessThanOrEqualTo(6);
        assertThat(max(delays)).isLessThanOrEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(value = DriftConfig.Method.class, names = {"CUSUM", "PAGE_HINKLEY"})
    void alarmsForAFallingMeanAsForARisingOne(DriftConfig.Method method) {
        DriftDetector detector = detector(method).get();
        Random random = new Random(8);
        for (int i = 0; i < BEFORE_SHIFT; i++) {
            assertThat(detector.update(random.nextGaussian())).isFalse();
        }
        int delay = 1;
        while (!detector.update(-3 + random.nextGaussian())) {
            delay++;
        }

        assertThat(delay).isLessThanOrEqualTo(10);
        assertThat(detector.state().lastAlarmDirection()).isEqualTo(-1);
    }

    private static int[] delays(Supplier<DriftDetector> factory, double shift) {
        int[] delays = new int[RUNS];
        for (int run = 0; run < RUNS; run++) {
            Random random = new Random(5000 + run);
            DriftDetector detector = factory.get();
            for (int i = 0; i < BEFORE_SHIFT; i++) {
                assertThat(detector.update(random.nextGaussian())).as("false alarm before the shift, run %d", run)
                        .isFalse();
            }
            int delay = 1;
            while (!detector.update(shift + random.nextGaussian())) {
                delay++;
                assertThat(delay).as("no alarm after the shift, run %d", run).isLessThan(10_000);
            }
            assertThat(detector.state().lastAlarmDirection()).isEqualTo(1);
            delays[run] = delay;
        }
        return delays;
    }

    private static Supplier<DriftDetector> detector(DriftConfig.Method method) {
        DriftConfig config = DriftConfig.defaults().withMethod(method);
        return () -> DriftDetector.create(config).orElseThrow();
    }

    private static int median(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int max(int[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }
}
