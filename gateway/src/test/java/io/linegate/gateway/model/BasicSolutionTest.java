package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verifies the column removal (Miller's SING) under {@link BasicSolution} on the factor itself. */
class BasicSolutionTest {

    /**
     * Any column of any factor, the last included: removing it from the factor gives the factor
     * the same weighted rows build without it, to rounding: solution, (XᵀWX)⁻¹ and weighted sse.
     */
    @ParameterizedTest(name = "column {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void removingAColumnGivesTheFactorOfTheRowsWithoutIt(int removed) {
        int parameters = 5;
        Random random = new Random(110 + removed);
        QrAccumulator full = new QrAccumulator(parameters);
        QrAccumulator without = new QrAccumulator(parameters - 1);
        for (int i = 0; i < 60; i++) {
            double[] x = new double[parameters];
            x[0] = 1;
            for (int j = 1; j < parameters; j++) {
                x[j] = 10 * j + j * random.nextGaussian();
            }
            double y = x[1] - 2 * x[3] + random.nextGaussian();
            double weight = 0.1 + random.nextDouble();
            full.include(x, y, weight);
            without.include(dropped(x, removed), y, weight);
            full.forget(0.99);
            without.forget(0.99);
        }

        QrAccumulator.Solution actual = QrAccumulator.restore(
                BasicSolution.withoutColumn(full.exportState(), removed)).solveAnyway();
        QrAccumulator.Solution expected = without.solve().orElseThrow();

        for (int j = 0; j < parameters - 1; j++) {
            BatchAgreement.assertClose("coefficient " + j, actual.coefficients()[j], expected.coefficients()[j]);
            for (int k = 0; k < parameters - 1; k++) {
                BatchAgreement.assertWithin("(XᵀWX)⁻¹ " + j + "," + k, actual.inverseGram()[j][k],
                        expected.inverseGram()[j][k], 1e-9 * Math.sqrt(
                                expected.inverseGram()[j][j] * expected.inverseGram()[k][k]));
            }
        }
        BatchAgreement.assertClose("weighted sse", actual.errorSumSquares(), expected.errorSumSquares());
    }

    /**
     * A column collinear to rounding leaves a pivot of rounding size whose row holds information
     * the later rows gave up to it; folded back, it gives the fit without the column.
     */
    @ParameterizedTest(name = "x2 = {0}·x1 + 1")
    @ValueSource(doubles = {2, 0.7, -1.3, 1e3})
    void foldingOutAColumnCollinearToRoundingRecoversTheFitWithoutIt(double factor) {
        Random random = new Random(111);
        QrAccumulator full = new QrAccumulator(4);
        QrAccumulator without = new QrAccumulator(3);
        for (int i = 0; i < 50; i++) {
            double x1 = 10 + random.nextGaussian();
            double x3 = random.nextGaussian();
            double y = 1 + x1 + 3 * x3 + random.nextGaussian();
            full.include(new double[] {1, x1, factor * x1 + 1, x3}, y);
            without.include(new double[] {1, x1, x3}, y);
        }
        assertThat(full.exportState().d()[2]).as("pivot of the collinear column").isLessThan(1e-18 * 50 * 400);

        QrAccumulator.Solution folded = QrAccumulator.restore(
                BasicSolution.withoutColumn(full.exportState(), 2)).solveAnyway();
        QrAccumulator.Solution expected = without.solve().orElseThrow();

        for (int j = 0; j < 3; j++) {
            BatchAgreement.assertClose("coefficient " + j, folded.coefficients()[j], expected.coefficients()[j]);
        }
        BatchAgreement.assertClose("sse", folded.errorSumSquares(), expected.errorSumSquares());
    }

    private static double[] dropped(double[] x, int column) {
        double[] result = new double[x.length - 1];
        for (int i = 0, j = 0; i < x.length; i++) {
            if (i != column) {
                result[j++] = x[i];
            }
        }
        return result;
    }
}
