package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies that a {@link QrAccumulator.State} carries a factor exactly, as plain numbers and as
 * bytes, and that bytes which are not a state written by this build are refused with a
 * {@link CheckpointException} saying why.
 */
class QrAccumulatorStateTest {

    @Test
    void restoredFactorContinuesBitForBit() {
        QrAccumulator original = QrAccumulatorTest.filled(61, 4, 25);
        QrAccumulator restored = QrAccumulator.restore(QrAccumulator.State.fromBytes(original.exportState().toBytes()));
        Random random = new Random(62);
        for (int i = 0; i < 100; i++) {
            double[] x = {1, random.nextGaussian(), 5 + random.nextGaussian(), 100 * random.nextDouble()};
            double y = random.nextGaussian() + x[3];
            double weight = random.nextDouble();
            original.include(x, y, weight);
            restored.include(x, y, weight);

            assertThat(restored.exportState()).isEqualTo(original.exportState());
            QrAccumulator.Solution expected = original.solve().orElseThrow();
            QrAccumulator.Solution actual = restored.solve().orElseThrow();
            assertThat(actual.coefficients()).isEqualTo(expected.coefficients());
            assertThat(actual.inverseGram()).isDeepEqualTo(expected.inverseGram());
            assertThat(actual.errorSumSquares()).isEqualTo(expected.errorSumSquares());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 32})
    void encodesNineBytesOfEnvelopeAndHeaderPlusEightPerNumber(int parameters) {
        QrAccumulator.State state = new QrAccumulator(parameters).exportState();
        int numbers = 1 + 2 * parameters + parameters * (parameters - 1) / 2;

        byte[] bytes = state.toBytes();

        assertThat(bytes).hasSize(9 + 8 * numbers);
        assertThat(bytes[0]).isEqualTo((byte) QrAccumulator.State.FORMAT_VERSION);
        assertThat(QrAccumulator.State.fromBytes(bytes)).isEqualTo(state);
    }

    @Test
    void carriesNegativeZeroAndExtremeValuesExactly() {
        QrAccumulator.State state = new QrAccumulator.State(new double[] {0, Double.MIN_VALUE, Double.MAX_VALUE},
                new double[] {-0.0, Math.nextUp(1.0), -1e-300}, new double[] {-0.0, 1e300, Math.PI}, Double.MIN_NORMAL);

        QrAccumulator.State decoded = QrAccumulator.State.fromBytes(state.toBytes());

        assertThat(decoded).isEqualTo(state);
        assertThat(Double.doubleToRawLongBits(decoded.r()[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void exportedArraysAreCopies() {
        QrAccumulator qr = QrAccumulatorTest.filled(63, 3, 10);
        QrAccumulator.State state = qr.exportState();
        double[] d = state.d();

        d[0] = -1;
        state.r()[0] = 42;
        qr.include(new double[] {1, 2, 3}, 4);

        assertThat(state.d()[0]).isPositive();
        assertThat(state.r()[0]).isNotEqualTo(42);
        assertThat(qr.exportState()).isNotEqualTo(state);
    }

    @Test
    void refusesEveryTruncation() {
        byte[] bytes = QrAccumulatorTest.filled(64, 3, 10).exportState().toBytes();
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> QrAccumulator.State.fromBytes(truncated))
                    .as("truncated to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageStartingWith("QR factor state is ")
                    .hasMessageContainingAll(length < 5 ? "truncated" : "checksum mismatch");
        }
    }

    @Test
    void refusesEveryCorruptedByte() {
        byte[] bytes = QrAccumulatorTest.filled(65, 3, 10).exportState().toBytes();
        for (int position = 1; position < bytes.length; position++) {
            for (int flip : new int[] {0x01, 0x80, 0xff}) {
                byte[] corrupted = bytes.clone();
                corrupted[position] ^= (byte) flip;
                assertThatThrownBy(() -> QrAccumulator.State.fromBytes(corrupted))
                        .as("byte %d xor %x", position, flip)
                        .isInstanceOf(CheckpointException.class)
                        .hasMessage("QR factor state is corrupted or truncated: checksum mismatch over "
                                + bytes.length + " bytes");
            }
        }
    }

    @Test
    void refusesOtherFormatVersions() {
        byte[] bytes = QrAccumulatorTest.filled(66, 2, 10).exportState().toBytes();
        for (int version : new int[] {0, 2, 255}) {
            bytes[0] = (byte) version;
            assertThatThrownBy(() -> QrAccumulator.State.fromBytes(bytes))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessage("QR factor state has format version " + version + "; this build reads version 1 only");
        }
    }

    @Test
    void refusesTrailingBytes() {
        byte[] bytes = QrAccumulatorTest.filled(67, 2, 10).exportState().toBytes();

        assertThatThrownBy(() -> QrAccumulator.State.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void refusesAWellSealedBodyThatIsNotAFactor() {
        byte[] wrongSize = new StateEnvelope.Writer(1, 0).putInt(2).putDouble(0).finish();
        byte[] negativeWeight = new StateEnvelope.Writer(1, 0)
                .putInt(1).putDouble(0).putDoubles(new double[] {-1}).putDoubles(new double[] {0}).finish();

        assertThatThrownBy(() -> QrAccumulator.State.fromBytes(wrongSize))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("QR factor state is malformed: p = 2 does not fit its 12-byte body");
        assertThatThrownBy(() -> QrAccumulator.State.fromBytes(negativeWeight))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("QR factor state is malformed: d must hold no negative weight. Found: [-1.0]");
    }

    @Test
    void stateRefusesArraysThatDoNotFitTogether() {
        assertThatThrownBy(() -> new QrAccumulator.State(new double[0], new double[0], new double[0], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("d must hold at least 1 value. Found: 0");
        assertThatThrownBy(() -> new QrAccumulator.State(new double[2], new double[1], new double[3], 0))
                .hasMessage("rhs must hold 2 values, one per row of d. Found: 3");
        assertThatThrownBy(() -> new QrAccumulator.State(new double[3], new double[2], new double[3], 0))
                .hasMessage("r must hold p(p-1)/2 = 3 values for p = 3. Found: 2");
        assertThatThrownBy(() -> new QrAccumulator.State(new double[1], new double[0], new double[1], -1))
                .hasMessage("sserr must not be negative. Found: -1.0");
    }
}
