package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.commons.math3.stat.regression.MillerUpdatingRegression;
import org.apache.commons.math3.stat.regression.RegressionResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies {@link QrAccumulator}'s numbers against Commons Math's {@code MillerUpdatingRegression}
 * (an independent implementation of the same algorithm), a batch weighted least-squares fit, and
 * the NIST StRD certified values.
 */
class QrAccumulatorTest {

    /** Same algorithm, same data: only a different order of the same roundings could separate them. */
    static final double MILLER_AGREEMENT = 1e-12;
    /** NIST rates these lower or average difficulty; the others are ill-conditioned. */
    static final Set<String> WELL_CONDITIONED = Set.of("norris", "pontius", "noint1");

    @ParameterizedTest(name = "{0} features, intercept={1}, n={2}")
    @CsvSource({
        "1, true, 3",
        "1, false, 500",
        "3, true, 5",
        "3, true, 500",
        "5, false, 40",
        "12, true, 14",
        "12, false, 300",
        "31, true, 200",
        "32, false, 1000"
    })
    void agreesWithMillerUpdatingRegressionOnRandomData(int featureCount, boolean intercept, int n) {
        SyntheticLine line = new SyntheticLine(featureCount * 1000L + n, featureCount, intercept, 1.5);
        MillerUpdatingRegression miller = new MillerUpdatingRegression(featureCount, intercept);
        QrAccumulator qr = new QrAccumulator(featureCount + (intercept ? 1 : 0));
        for (int i = 0; i < n; i++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            miller.addObservation(x, y);
            qr.include(BatchFit.designRow(x, intercept), y);
        }
        assertAgreesWithMiller("random", qr.solve().orElseThrow(), miller.regress(), n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.linegate.gateway.model.LineModelNistTest#datasets")
    void reachesNistCertifiedDigitsAndAgreesWithMillerWhereWellConditioned(LineModelNistTest.Spec spec) {
        NistStrd.Dataset data = NistStrd.dataset(spec.name());
        int featureCount = LineModelNistTest.featureNames(spec, data).size();
        MillerUpdatingRegression miller = new MillerUpdatingRegression(featureCount, spec.intercept());
        QrAccumulator qr = new QrAccumulator(featureCount + (spec.intercept() ? 1 : 0));
        for (int row = 0; row < data.size(); row++) {
            double[] x = LineModelNistTest.features(spec, data, row);
            miller.addObservation(x, data.y(row));
            qr.include(BatchFit.designRow(x, spec.intercept()), data.y(row));
        }
        QrAccumulator.Solution solution = qr.solve().orElseThrow();
        double[] standardErrors = standardErrors(solution, data.size());

        for (NistStrd.Certified certified : NistStrd.certified(spec.name())) {
            int k = Integer.parseInt(certified.parameter().substring(1));
            int j = spec.intercept() ? k : k - 1;
            assertThat(Lre.of(solution.coefficients()[j], certified.estimate()))
                    .as("%s %s estimate: significant digits", spec.name(), certified.parameter())
                    .isGreaterThanOrEqualTo(spec.minDigits());
            assertThat(Lre.of(standardErrors[j], certified.stdDev()))
                    .as("%s %s std error: significant digits", spec.name(), certified.parameter())
                    .isGreaterThanOrEqualTo(spec.minDigits());
        }
        if (WELL_CONDITIONED.contains(spec.name())) {
            assertAgreesWithMiller(spec.name(), solution, miller.regress(), data.size());
        }
    }

    @Test
    void weightedRowsEqualABatchFitOfRowsScaledByTheSquareRootOfTheirWeight() {
        SyntheticLine line = new SyntheticLine(51, 3, true, 1.0);
        Random weights = new Random(52);
        QrAccumulator qr = new QrAccumulator(4);
        List<double[]> scaledRows = new ArrayList<>();
        List<Double> scaledTargets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double[] x = BatchFit.designRow(line.nextFeatures(), true);
            double y = line.nextTarget(Arrays.copyOfRange(x, 1, x.length));
            double weight = weights.nextInt(10) == 0 ? 0 : 0.01 + 5 * weights.nextDouble();
            qr.include(x, y, weight);
            double root = Math.sqrt(weight);
            double[] scaled = x.clone();
            for (int j = 0; j < scaled.length; j++) {
                scaled[j] *= root;
            }
            scaledRows.add(scaled);
            scaledTargets.add(root * y);
        }
        BatchFit batch = new BatchFit(scaledRows, scaledTargets, false);
        QrAccumulator.Solution solution = qr.solve().orElseThrow();

        for (int j = 0; j < 4; j++) {
            BatchAgreement.assertClose("coefficient " + j, solution.coefficients()[j], batch.coefficients[j]);
            BatchAgreement.assertClose("(XᵀWX)⁻¹ " + j, solution.inverseGram()[j][j],
                    batch.inverseGram.getEntry(j, j));
        }
        double batchSse = batch.residualVariance * (scaledRows.size() - 4);
        BatchAgreement.assertClose("weighted residual sum of squares", solution.errorSumSquares(), batchSse);
    }

    @Test
    void integerWeightEqualsIncludingTheRowThatManyTimes() {
        SyntheticLine line = new SyntheticLine(53, 2, false, 1.0);
        QrAccumulator weighted = new QrAccumulator(2);
        QrAccumulator repeated = new QrAccumulator(2);
        for (int i = 0; i < 50; i++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            int times = 1 + i % 4;
            weighted.include(x, y, times);
            for (int t = 0; t < times; t++) {
                repeated.include(x, y);
            }
        }
        QrAccumulator.Solution a = weighted.solve().orElseThrow();
        QrAccumulator.Solution b = repeated.solve().orElseThrow();
        for (int j = 0; j < 2; j++) {
            BatchAgreement.assertWithin("coefficient " + j, a.coefficients()[j], b.coefficients()[j],
                    MILLER_AGREEMENT * Math.abs(b.coefficients()[j]));
        }
        BatchAgreement.assertWithin("sse", a.errorSumSquares(), b.errorSumSquares(),
                MILLER_AGREEMENT * b.errorSumSquares());
    }

    @Test
    void zeroWeightChangesNothing() {
        QrAccumulator qr = filled(54, 3, 20);
        QrAccumulator.State before = qr.exportState();

        qr.include(new double[] {1, 2, 3}, 4, 0);

        assertThat(qr.exportState()).isEqualTo(before);
    }

    @Test
    void solveLeavesTheFactorUntouchedSoRepeatedSolvesAreIdentical() {
        QrAccumulator qr = filled(55, 4, 30);
        QrAccumulator.State before = qr.exportState();

        QrAccumulator.Solution first = qr.solve().orElseThrow();
        QrAccumulator.Solution second = qr.solve().orElseThrow();

        assertThat(qr.exportState()).isEqualTo(before);
        assertThat(second.coefficients()).isEqualTo(first.coefficients());
        assertThat(second.inverseGram()).isDeepEqualTo(first.inverseGram());
        assertThat(second.errorSumSquares()).isEqualTo(first.errorSumSquares());
    }

    @Test
    void fewerRowsThanParametersSolveToEmpty() {
        QrAccumulator qr = new QrAccumulator(3);
        assertThat(qr.solve()).isEmpty();
        qr.include(new double[] {1, 2, 3}, 1);
        qr.include(new double[] {1, 5, -1}, 2);
        assertThat(qr.solve()).isEmpty();
        qr.include(new double[] {1, 0.5, 7}, 0);
        assertThat(qr.solve()).isPresent();
    }

    @Test
    void exactlyDependentOrEmptyColumnsSolveToEmpty() {
        Random random = new Random(56);
        QrAccumulator doubled = new QrAccumulator(3);
        QrAccumulator zero = new QrAccumulator(3);
        for (int i = 0; i < 50; i++) {
            double a = random.nextGaussian();
            doubled.include(new double[] {1, a, 2 * a}, random.nextGaussian());
            zero.include(new double[] {1, a, 0}, random.nextGaussian());
        }
        assertThat(doubled.solve()).isEmpty();
        assertThat(zero.solve()).isEmpty();
    }

    @Test
    void includeRejectsBadRowsAndLeavesTheFactorUnchanged() {
        QrAccumulator qr = filled(57, 2, 10);
        QrAccumulator.State before = qr.exportState();

        assertThatThrownBy(() -> qr.include(new double[] {1, 2, 3}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x must have 2 values. Found: 3");
        assertThatThrownBy(() -> qr.include(new double[] {1, Double.NaN}, 1))
                .hasMessage("x must be finite. Found: [1.0, NaN]");
        assertThatThrownBy(() -> qr.include(new double[] {1, 2}, Double.NEGATIVE_INFINITY))
                .hasMessage("y must be finite. Found: -Infinity");
        assertThatThrownBy(() -> qr.include(new double[] {1, 2}, 1, -0.5))
                .hasMessage("weight must be finite and at least 0. Found: -0.5");
        assertThatThrownBy(() -> qr.include(new double[] {1, 2}, 1, Double.NaN))
                .hasMessage("weight must be finite and at least 0. Found: NaN");
        assertThatThrownBy(() -> new QrAccumulator(0))
                .hasMessage("parameters must be at least 1. Found: 0");
        assertThatThrownBy(() -> new QrAccumulator(-3))
                .hasMessage("parameters must be at least 1. Found: -3");
        assertThat(qr.exportState()).isEqualTo(before);
    }

    @Test
    void includeDoesNotModifyTheCallersRow() {
        QrAccumulator qr = filled(58, 3, 5);
        double[] x = {1, 2, 3};

        qr.include(x, 4);

        assertThat(x).containsExactly(1, 2, 3);
    }

    /** A factor of {@code n} random rows over {@code parameters} columns, the first of them 1. */
    static QrAccumulator filled(long seed, int parameters, int n) {
        Random random = new Random(seed);
        QrAccumulator qr = new QrAccumulator(parameters);
        for (int i = 0; i < n; i++) {
            double[] x = new double[parameters];
            x[0] = 1;
            for (int j = 1; j < parameters; j++) {
                x[j] = 10 * j + random.nextGaussian();
            }
            qr.include(x, 3 + x[parameters - 1] + random.nextGaussian());
        }
        return qr;
    }

    private static double[] standardErrors(QrAccumulator.Solution solution, long n) {
        int parameters = solution.coefficients().length;
        double residualVariance = solution.errorSumSquares() / (n - parameters);
        double[] standardErrors = new double[parameters];
        for (int j = 0; j < parameters; j++) {
            standardErrors[j] = Math.sqrt(solution.inverseGram()[j][j] * residualVariance);
        }
        return standardErrors;
    }

    private static void assertAgreesWithMiller(String what, QrAccumulator.Solution solution, RegressionResults miller,
            long n) {
        double[] expected = miller.getParameterEstimates();
        double[] expectedErrors = miller.getStdErrorOfEstimates();
        double[] standardErrors = standardErrors(solution, n);
        for (int j = 0; j < expected.length; j++) {
            BatchAgreement.assertWithin(what + " coefficient " + j, solution.coefficients()[j], expected[j],
                    MILLER_AGREEMENT * Math.abs(expected[j]));
            BatchAgreement.assertWithin(what + " std error " + j, standardErrors[j], expectedErrors[j],
                    MILLER_AGREEMENT * expectedErrors[j]);
            for (int k = 0; k < expected.length; k++) {
                double covariance = solution.inverseGram()[j][k] * solution.errorSumSquares() / (n - expected.length);
                BatchAgreement.assertWithin(what + " covariance " + j + "," + k, covariance,
                        miller.getCovarianceOfParameters(j, k),
                        MILLER_AGREEMENT * expectedErrors[j] * expectedErrors[k]);
            }
        }
        BatchAgreement.assertWithin(what + " sse", solution.errorSumSquares(), miller.getErrorSumSquares(),
                MILLER_AGREEMENT * miller.getErrorSumSquares());
    }
}
