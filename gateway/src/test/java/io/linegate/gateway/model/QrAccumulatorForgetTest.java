package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Verifies {@link QrAccumulator#forget}: forgetting before each include is including each row with
 * weight λⁿ⁻ⁱ, λ = 1 changes nothing, and a column no row excites never decays below
 * {@link QrAccumulator#FORGET_FLOOR}.
 */
class QrAccumulatorForgetTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.99})
    void forgettingBeforeEachIncludeEqualsWeightingEachRowByLambdaToTheNumberOfLaterRows(double lambda) {
        int n = 60;
        QrAccumulator forgetting = new QrAccumulator(3);
        QrAccumulator weighted = new QrAccumulator(3);
        Random random = new Random(61);
        for (int i = 1; i <= n; i++) {
            double[] x = {1, 5 + random.nextGaussian(), -2 + 3 * random.nextGaussian()};
            double y = 1 + 2 * x[1] - x[2] + random.nextGaussian();
            forgetting.forget(lambda);
            forgetting.include(x, y);
            weighted.include(x, y, Math.pow(lambda, n - i));
        }
        QrAccumulator.Solution expected = weighted.solve().orElseThrow();
        QrAccumulator.Solution actual = forgetting.solve().orElseThrow();

        for (int j = 0; j < 3; j++) {
            BatchAgreement.assertWithin("coefficient " + j, actual.coefficients()[j], expected.coefficients()[j],
                    QrAccumulatorTest.MILLER_AGREEMENT * Math.abs(expected.coefficients()[j]));
            BatchAgreement.assertWithin("(XᵀWX)⁻¹ " + j, actual.inverseGram()[j][j], expected.inverseGram()[j][j],
                    QrAccumulatorTest.MILLER_AGREEMENT * expected.inverseGram()[j][j]);
        }
        BatchAgreement.assertWithin("weighted sse", actual.errorSumSquares(), expected.errorSumSquares(),
                QrAccumulatorTest.MILLER_AGREEMENT * expected.errorSumSquares());
    }

    @Test
    void forgettingNothingChangesNothing() {
        QrAccumulator qr = QrAccumulatorTest.filled(62, 4, 30);
        QrAccumulator.State before = qr.exportState();

        qr.forget(1);

        assertThat(qr.exportState()).isEqualTo(before);
    }

    @Test
    void emptyRowsStayEmpty() {
        QrAccumulator qr = new QrAccumulator(3);

        qr.forget(0.5);

        assertThat(qr.exportState()).isEqualTo(new QrAccumulator(3).exportState());
    }

    @Test
    void pivotOfAColumnNoRowExcitesStopsAtTheFloorAndRecoversWhenExcitedAgain() {
        QrAccumulator qr = new QrAccumulator(3);
        Random random = new Random(63);
        for (int i = 0; i < 50; i++) {
            qr.include(new double[] {1, random.nextGaussian(), random.nextGaussian()}, random.nextGaussian());
        }
        // 0.95^20000 is 1e-446: unguarded, the pivot would have passed through the subnormals to 0.
        for (int i = 0; i < 20_000; i++) {
            qr.forget(0.95);
            qr.include(new double[] {1, random.nextGaussian(), 0}, random.nextGaussian());
        }
        double[] d = qr.exportState().d();
        assertThat(d[2]).isEqualTo(QrAccumulator.FORGET_FLOOR);
        assertThat(d[0]).isGreaterThanOrEqualTo(Double.MIN_NORMAL);
        assertThat(d[1]).isGreaterThanOrEqualTo(Double.MIN_NORMAL);
        QrAccumulator.Solution forgotten = qr.solve().orElseThrow();
        assertThat(Arrays.stream(forgotten.coefficients()).allMatch(Double::isFinite)).isTrue();
        assertThat(forgotten.inverseGram()[2][2]).as("variance factor of the unexcited column")
                .isFinite().isGreaterThan(1e150);

        for (int i = 0; i < 10; i++) {
            qr.forget(0.95);
            qr.include(new double[] {1, random.nextGaussian(), random.nextGaussian()}, random.nextGaussian());
        }
        assertThat(qr.exportState().d()[2]).isGreaterThan(1e-3);
        assertThat(qr.solve().orElseThrow().inverseGram()[2][2]).isLessThan(10);
    }

    @Test
    void pivotAlreadyBelowTheFloorIsLeftAloneAndASubnormalResidualSumBecomesZero() {
        double tiny = 0x1p-700;
        QrAccumulator qr = QrAccumulator.restore(
                new QrAccumulator.State(new double[] {4, tiny, 0}, new double[] {1, 2, 3}, new double[] {1, 1, 1},
                        Double.MIN_NORMAL));

        qr.forget(0.5);

        QrAccumulator.State state = qr.exportState();
        assertThat(state.d()).containsExactly(2, tiny, 0);
        assertThat(state.r()).containsExactly(1, 2, 3);
        assertThat(state.rhs()).containsExactly(1, 1, 1);
        assertThat(state.sserr()).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.5, 1.0000001, 2, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsAFactorOutsideZeroToOneNamingItAndLeavesTheFactorUnchanged(double lambda) {
        QrAccumulator qr = QrAccumulatorTest.filled(64, 2, 10);
        QrAccumulator.State before = qr.exportState();

        assertThatThrownBy(() -> qr.forget(lambda))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lambda must be in (0, 1]. Found: " + lambda);
        assertThat(qr.exportState()).isEqualTo(before);
    }
}
