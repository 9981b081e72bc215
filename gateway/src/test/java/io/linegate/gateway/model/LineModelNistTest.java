package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that {@link OlsModel}, and {@link RlsModel} with λ = 1 (which forgets nothing), fed one
 * observation at a time, reproduce the NIST StRD linear least squares certified values (computed
 * by NIST in 500-digit arithmetic) to the number of significant digits (log relative error) a
 * numerically sound double-precision solver reaches.
 */
class LineModelNistTest {

    /**
     * A StRD model: {@code degree} 0 regresses y on the file's x columns as given; otherwise on
     * x, x², ..., x^degree of its single x column.
     */
    record Spec(String name, boolean intercept, int degree, double minDigits) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Spec> datasets() {
        return Stream.of(
                new Spec("norris", true, 1, 7),
                new Spec("pontius", true, 2, 7),
                new Spec("noint1", false, 1, 7),
                new Spec("longley", true, 0, 7),
                new Spec("wampler1", true, 5, 6),
                new Spec("wampler2", true, 5, 6),
                new Spec("wampler3", true, 5, 6),
                new Spec("wampler4", true, 5, 6));
    }

    /** Every dataset for {@code ols} and for {@code rls} with λ = 1. */
    static Stream<Arguments> datasetsForEachKind() {
        return Stream.of(ModelKind.OLS, ModelKind.rls(1))
                .flatMap(kind -> datasets().map(spec -> Arguments.of(kind, spec)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("datasetsForEachKind")
    void reproducesCertifiedCoefficientsAndTheirStandardDeviations(ModelKind kind, Spec spec,
            TestReporter reporter) {
        NistStrd.Dataset data = NistStrd.dataset(spec.name());
        LeastSquaresModel model = fit(kind, spec, data);
        ModelSnapshot snapshot = model.snapshot();
        assertThat(snapshot.identified()).as(spec.name() + " identified").isTrue();

        double worstEstimate = Lre.MAX;
        double worstStdDev = Lre.MAX;
        for (NistStrd.Certified certified : NistStrd.certified(spec.name())) {
            int k = Integer.parseInt(certified.parameter().substring(1));
            ModelSnapshot.Coefficient coefficient = snapshot.coefficients().get(spec.intercept() ? k : k - 1);
            double estimateDigits = Lre.of(coefficient.estimate(), certified.estimate());
            double stdDevDigits = Lre.of(coefficient.standardError(), certified.stdDev());
            assertThat(estimateDigits)
                    .as("%s %s estimate %s vs certified %s: significant digits", spec.name(), certified.parameter(),
                            coefficient.estimate(), certified.estimate())
                    .isGreaterThanOrEqualTo(spec.minDigits());
            assertThat(stdDevDigits)
                    .as("%s %s std error %s vs certified %s: significant digits", spec.name(),
                            certified.parameter(), coefficient.standardError(), certified.stdDev())
                    .isGreaterThanOrEqualTo(spec.minDigits());
            worstEstimate = Math.min(worstEstimate, estimateDigits);
            worstStdDev = Math.min(worstStdDev, stdDevDigits);
        }
        reporter.publishEntry(kind + " " + spec.name(),
                String.format("min LRE estimates %.1f, std deviations %.1f", worstEstimate, worstStdDev));
    }

    /**
     * certified.csv certifies no R² or residual SD, so the reference is computed here in 34-digit
     * decimal arithmetic from the certified coefficients and the data exactly as written.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("datasetsForEachKind")
    void reproducesResidualStdErrorAndRSquaredOfTheCertifiedFit(ModelKind kind, Spec spec,
            TestReporter reporter) {
        NistStrd.Dataset data = NistStrd.dataset(spec.name());
        ModelSnapshot snapshot = fit(kind, spec, data).snapshot();
        BigDecimal[] reference = exactResidualSdAndRSquared(spec, data, NistStrd.certifiedExact(spec.name()));

        double sdDigits = Lre.of(snapshot.residualStdError(), reference[0].doubleValue());
        double r2Digits = Lre.of(snapshot.rSquared(), reference[1].doubleValue());
        assertThat(sdDigits)
                .as("%s residual SD %s vs %s: significant digits", spec.name(), snapshot.residualStdError(),
                        reference[0])
                .isGreaterThanOrEqualTo(spec.minDigits());
        assertThat(r2Digits)
                .as("%s R² %s vs %s: significant digits", spec.name(), snapshot.rSquared(), reference[1])
                .isGreaterThanOrEqualTo(spec.minDigits());
        reporter.publishEntry(kind + " " + spec.name(), String.format("LRE residual SD %.1f, R² %.1f", sdDigits, r2Digits));
    }

    private static LeastSquaresModel fit(ModelKind kind, Spec spec, NistStrd.Dataset data) {
        LeastSquaresModel model = kind.create(featureNames(spec, data), spec.intercept(), 0.95,
                OlsModel.defaultMinObservations(featureNames(spec, data).size(), spec.intercept()));
        for (int row = 0; row < data.size(); row++) {
            model.learn(features(spec, data, row), data.y(row));
        }
        return model;
    }

    static List<String> featureNames(Spec spec, NistStrd.Dataset data) {
        if (spec.degree() == 0) {
            return data.columns().subList(1, data.columns().size());
        }
        List<String> names = new ArrayList<>();
        for (int power = 1; power <= spec.degree(); power++) {
            names.add(power == 1 ? "x" : "x^" + power);
        }
        return names;
    }

    static double[] features(Spec spec, NistStrd.Dataset data, int row) {
        if (spec.degree() == 0) {
            double[] x = new double[data.columns().size() - 1];
            for (int i = 0; i < x.length; i++) {
                x[i] = data.x(row, i + 1);
            }
            return x;
        }
        double x = data.x(row, 1);
        double[] powers = new double[spec.degree()];
        double power = 1;
        for (int i = 0; i < powers.length; i++) {
            power *= x;
            powers[i] = power;
        }
        return powers;
    }

    /** {residual SD, R²} of the certified coefficients; R² is uncentred without an intercept. */
    private static BigDecimal[] exactResidualSdAndRSquared(Spec spec, NistStrd.Dataset data,
            List<BigDecimal> certified) {
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal sse = BigDecimal.ZERO;
        BigDecimal sumY = BigDecimal.ZERO;
        BigDecimal sumYY = BigDecimal.ZERO;
        for (String[] row : data.rows()) {
            BigDecimal y = new BigDecimal(row[0]);
            BigDecimal fitted = BigDecimal.ZERO;
            for (int k = 0; k < certified.size(); k++) {
                int regressor = spec.intercept() ? k : k + 1; // 0 is the constant
                BigDecimal value;
                if (regressor == 0) {
                    value = BigDecimal.ONE;
                } else if (spec.degree() == 0) {
                    value = new BigDecimal(row[regressor]);
                } else {
                    value = new BigDecimal(row[1]).pow(regressor);
                }
                fitted = fitted.add(certified.get(k).multiply(value));
            }
            BigDecimal residual = y.subtract(fitted);
            sse = sse.add(residual.multiply(residual));
            sumY = sumY.add(y);
            sumYY = sumYY.add(y.multiply(y));
        }
        BigDecimal n = BigDecimal.valueOf(data.size());
        BigDecimal sst = spec.intercept() ? sumYY.subtract(sumY.multiply(sumY).divide(n, mc)) : sumYY;
        BigDecimal residualSd = sse.divide(n.subtract(BigDecimal.valueOf(certified.size())), mc).sqrt(mc);
        BigDecimal rSquared = BigDecimal.ONE.subtract(sse.divide(sst, mc));
        return new BigDecimal[] {residualSd, rSquared};
    }
}
