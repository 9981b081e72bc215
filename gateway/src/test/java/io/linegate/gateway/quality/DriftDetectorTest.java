package io.linegate.gateway.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linegate.gateway.model.CheckpointException;
import io.linegate.gateway.model.ModelPrediction;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Verifies the detectors' mechanics: restart after an alarm, reset, warm-up, state, input
 * checks, and that a checkpoint resumes a detector that alarms exactly when the original would.
 */
class DriftDetectorTest {

    @Test
    void cusumWarmsUpThenHoldsItsReferenceAndRestartsAfterAnAlarm() {
        Cusum cusum = new Cusum(0.5, 4, 20);
        Random random = new Random(3);
        for (int i = 0; i < 19; i++) {
            assertThat(cusum.update(10 + 2 * random.nextGaussian())).isFalse();
        }
        assertThat(cusum.state().armed()).isFalse();
        assertThat(cusum.sigma()).isNaN();

        cusum.update(10 + 2 * random.nextGaussian());

        assertThat(cusum.state().armed()).isTrue();
        assertThat(cusum.sigma()).isBetween(1.2, 3.0);
        int delay = 1;
        while (!cusum.update(10 + 2 * 2 + 2 * random.nextGaussian())) {
            delay++;
        }
        assertThat(delay).isLessThanOrEqualTo(10);
        DriftState afterAlarm = cusum.state();
        assertThat(afterAlarm.alarms()).isEqualTo(1);
        assertThat(afterAlarm.lastAlarmUpdate()).isEqualTo(20 + delay);
        assertThat(afterAlarm.lastAlarmDirection()).isEqualTo(1);
        assertThat(afterAlarm.sinceRestart()).isZero();
        assertThat(afterAlarm.armed()).isFalse();
        assertThat(afterAlarm.upper()).isZero();
        assertThat(afterAlarm.threshold()).isEqualTo(4);
    }

    @Test
    void cusumExtendsItsWarmUpWhileResidualsAreConstant() {
        Cusum cusum = new Cusum(0.5, 4, 5);
        for (int i = 0; i < 50; i++) {
            assertThat(cusum.update(1.0)).isFalse();
        }
        assertThat(cusum.state().armed()).isFalse();

        cusum.update(1.5);

        assertThat(cusum.state().armed()).isTrue();
    }

    @Test
    void pageHinkleyWaitsForItsMinimumInstancesBeforeAlarming() {
        PageHinkley detector = new PageHinkley(0.1, 2, 10);
        for (int i = 0; i < 9; i++) {
            assertThat(detector.update(i % 2 == 0 ? 0 : 50)).as("window %d", i + 1).isFalse();
        }
        assertThat(detector.state().upper()).isGreaterThan(2);
        assertThat(detector.state().armed()).isFalse();

        assertThat(detector.update(50)).isTrue();
        assertThat(detector.state().sinceRestart()).isZero();
        assertThat(detector.state().lastAlarmUpdate()).isEqualTo(10);
    }

    @Test
    void resetForgetsTheRunButKeepsLifetimeCounters() {
        PageHinkley detector = new PageHinkley(0, 3, 1);
        detector.update(0);
        detector.update(5);
        assertThat(detector.update(5)).isTrue();
        detector.update(4);
        detector.update(6);
        assertThat(detector.state().upper()).isEqualTo(1);

        detector.reset();

        DriftState state = detector.state();
        assertThat(state.sinceRestart()).isZero();
        assertThat(state.upper()).isZero();
        assertThat(state.lower()).isZero();
        assertThat(state.updates()).isEqualTo(5);
        assertThat(state.alarms()).isEqualTo(1);
        assertThat(state.lastAlarmUpdate()).isEqualTo(3);
    }

    @Test
    void refusesANonFiniteResidualAndStaysUnchanged() {
        Cusum cusum = new Cusum(0.5, 5, 3);
        cusum.update(1);
        DriftState before = cusum.state();

        assertThatThrownBy(() -> cusum.update(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("residual must be finite. Found: NaN");
        assertThat(cusum.state()).isEqualTo(before);
    }

    @Test
    void refusesParametersOutOfRangeNamingThem() {
        assertThatThrownBy(() -> new Cusum(0.5, 0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("h must be finite and greater than 0. Found: 0.0");
        assertThatThrownBy(() -> new Cusum(0.5, 5, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warmup must be in [2, 10000000] windows. Found: 1");
        assertThatThrownBy(() -> new PageHinkley(-1, 5, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delta must be finite and at least 0. Found: -1.0");
    }

    @Test
    void restoredDetectorsAlarmExactlyWhenTheOriginalWould() {
        for (DriftConfig.Method method : new DriftConfig.Method[] {DriftConfig.Method.CUSUM,
                DriftConfig.Method.PAGE_HINKLEY}) {
            // Taken fresh, mid warm-up, just after the warm-up, and after alarms.
            for (int taken : new int[] {0, 50, 101, 3_000}) {
                DriftDetector original = DriftDetector.create(DriftConfig.defaults().withMethod(method)).orElseThrow();
                Random random = new Random(17 + taken);
                for (int i = 0; i < taken; i++) {
                    original.update(shifting(random, i));
                }

                DriftDetector restored = DriftDetector.restore(original.checkpoint());

                assertThat(restored.getClass()).isEqualTo(original.getClass());
                assertThat(restored.state()).isEqualTo(original.state());
                for (int i = taken; i < taken + 3_000; i++) {
                    double residual = shifting(random, i);
                    assertThat(restored.update(residual)).as("%s window %d", method, i)
                            .isEqualTo(original.update(residual));
                    assertThat(restored.state()).isEqualTo(original.state());
                }
                assertThat(restored.state().alarms()).isPositive();
                assertThat(restored.checkpoint()).isEqualTo(original.checkpoint());
            }
        }
    }

    @Test
    void typedRestoreRefusesACheckpointOfTheOtherMethod() {
        byte[] cusum = new Cusum(0.5, 5, 10).checkpoint();

        assertThat(Cusum.restore(cusum).h()).isEqualTo(5);
        assertThatThrownBy(() -> PageHinkley.restore(cusum))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("drift detector checkpoint holds a detector of method \"cusum\", not \"page-hinkley\"");
    }

    @Test
    void refusesADamagedCheckpoint() {
        PageHinkley detector = new PageHinkley(0.5, 12, 30);
        for (int i = 0; i < 40; i++) {
            detector.update(i % 3);
        }
        byte[] blob = detector.checkpoint();

        assertThatThrownBy(() -> DriftDetector.restore(Checkpoints.withFlippedBit(blob, 20)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("drift detector checkpoint is corrupted or truncated");
        assertThatThrownBy(() -> DriftDetector.restore(Checkpoints.truncated(blob, 30)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("drift detector checkpoint is corrupted or truncated");
        // Body: version (1) | method length (4) "page-hinkley" (12) | delta (8) at offset 17.
        byte[] negativeDelta = Checkpoints.resealedWithLong(blob, 17, Double.doubleToLongBits(-1));
        assertThatThrownBy(() -> DriftDetector.restore(negativeDelta))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("drift detector checkpoint is malformed: delta must be finite and at least 0. Found: -1.0");
    }

    @Test
    void standardizesAResidualByTheSigmaItsIntervalImplies() {
        ModelPrediction prediction = new ModelPrediction(10, 10 - 1.959963984540054 * 2, 10 + 1.959963984540054 * 2,
                0.95, 50);

        assertThat(DriftDetector.standardizedResidual(prediction, 13)).isCloseTo(1.5, org.assertj.core.api.Assertions
                .within(1e-9));
        assertThat(DriftDetector.standardizedResidual(new ModelPrediction(10, 10, 10, 0.95, 50), 13)).isNaN();
    }

    /** Standard normal, with the mean stepping by 2 every 700 windows so that alarms happen. */
    private static double shifting(Random random, int window) {
        return 2 * ((window / 700) % 2) + random.nextGaussian();
    }
}
