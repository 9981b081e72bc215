package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudentTTest {

    @ParameterizedTest
    @CsvSource({"0.95, 1", "0.95, 2.5", "0.9, 7", "0.99, 48.7", "0.95, 999.5"})
    void belowTheExpansionItIsCommonsMathsQuantile(double level, double df) {
        double expected = new TDistribution(null, df).inverseCumulativeProbability((1 + level) / 2);

        assertThat(StudentT.twoSidedQuantile(level, df)).isEqualTo(expected);
        assertThat(StudentT.twoSidedQuantile(level, df)).as("cached").isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0.95, 1000", "0.9, 1000", "0.99, 1000", "0.999, 1000", "0.95, 1733.25", "0.95, 100000",
            "0.99, 1000000"})
    void fromAThousandDegreesOfFreedomTheExpansionHitsTheProbabilityTo1e12(double level, double df) {
        double t = StudentT.twoSidedQuantile(level, df);

        // Checked in probability space, where Commons Math is accurate to ~1e-15 (its inverse
        // is a root search to only ~1e-9).
        double p = new TDistribution(null, df).cumulativeProbability(t);
        assertThat(p).isCloseTo((1 + level) / 2, within(1e-12));
    }

    @org.junit.jupiter.api.Test
    void atVeryManyDegreesOfFreedomItIsTheNormalQuantile() {
        double z = new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1)
                .inverseCumulativeProbability(0.995);

        assertThat(StudentT.twoSidedQuantile(0.99, 1e12)).isCloseTo(z, within(1e-9));
    }
}
