package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;

/** Verifies Welford moments against Commons Math's two-pass statistics. */
class RunningMomentsTest {

    /**
     * Mean/sd = 1e8 is the condition number of the variance here, so a sound one-pass update
     * keeps about ε·1e8 ≈ 1e-8 relative accuracy; Σx² − (Σx)²/n would lose every digit.
     */
    @Test
    void equalsTwoPassStatisticsWhenTheMeanDwarfsTheSpread() {
        Random random = new Random(3);
        double[] values = new double[10_000];
        RunningMoments moments = new RunningMoments();
        for (int i = 0; i < values.length; i++) {
            values[i] = 1e6 + 1e-2 * random.nextGaussian();
            moments.add(values[i]);
        }
        double mean = StatUtils.mean(values);
        double sd = new StandardDeviation().evaluate(values);

        assertThat(moments.count()).isEqualTo(values.length);
        assertThat(Math.abs(moments.mean() - mean)).isLessThanOrEqualTo(1e-13 * mean);
        assertThat(Math.abs(moments.standardDeviation() - sd)).isLessThanOrEqualTo(1e-7 * sd);
        assertThat(Math.abs(moments.sumSquares() - StatUtils.sumSq(values)))
                .isLessThanOrEqualTo(1e-12 * StatUtils.sumSq(values));
    }

    @Test
    void repeatedValueHasExactlyZeroDeviation() {
        RunningMoments moments = new RunningMoments();
        for (int i = 0; i < 1000; i++) {
            moments.add(0.1);
        }
        assertThat(moments.sumSquaredDeviations()).isZero();
        assertThat(moments.standardDeviation()).isZero();
        assertThat(moments.mean()).isEqualTo(0.1);
    }

    @Test
    void isUndefinedBeforeThereIsEnoughData() {
        RunningMoments moments = new RunningMoments();
        assertThat(moments.mean()).isNaN();
        moments.add(4);
        assertThat(moments.standardDeviation()).isNaN();
        assertThat(moments.sumSquares()).isEqualTo(16);
    }
}
