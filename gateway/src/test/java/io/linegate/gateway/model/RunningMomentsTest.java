package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;

/**
 * Verifies Welford moments against Commons Math's two-pass statistics, and weighted ones with
 * discounts against the weighted sums written out.
 */
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

    @Test
    void discountScalesTheWeightAndTheSpreadButNotTheMean() {
        RunningMoments moments = new RunningMoments(0.9);
        for (double value : new double[] {3, 5, 4, 8}) {
            moments.add(value);
        }
        double weight = moments.weight();
        double mean = moments.mean();
        double spread = moments.sumSquaredDeviations();

        moments.discount(0.25);

        assertThat(moments.weight()).isEqualTo(0.25 * weight);
        assertThat(moments.sumSquaredDeviations()).isEqualTo(0.25 * spread);
        assertThat(moments.mean()).isEqualTo(mean);
        assertThat(moments.count()).isEqualTo(4);
    }

    /** Each weight the product of every λ and discount after its value, summed out in full. */
    @Test
    void discountedMomentsEqualTheWeightedSumsWrittenOut() {
        Random random = new Random(5);
        double lambda = 0.97;
        RunningMoments moments = new RunningMoments(lambda);
        double[] values = new double[400];
        double[] weights = new double[values.length];
        for (int n = 0; n < values.length; n++) {
            if (n % 7 == 3) {
                double factor = 0.5 + 0.5 * random.nextDouble();
                moments.discount(factor);
                scale(weights, n, factor);
            }
            scale(weights, n, lambda);
            values[n] = 100 + random.nextGaussian();
            weights[n] = 1;
            moments.add(values[n]);
        }
        double weight = 0;
        double weightedSum = 0;
        for (int i = 0; i < values.length; i++) {
            weight += weights[i];
            weightedSum += weights[i] * values[i];
        }
        double mean = weightedSum / weight;
        double spread = 0;
        for (int i = 0; i < values.length; i++) {
            spread += weights[i] * (values[i] - mean) * (values[i] - mean);
        }

        assertThat(moments.weight()).isCloseTo(weight, within(1e-13 * weight));
        assertThat(moments.mean()).isCloseTo(mean, within(1e-13 * mean));
        assertThat(moments.sumSquaredDeviations()).isCloseTo(spread, within(1e-10 * spread));
    }

    @Test
    void holdsTheWeightAtTheFloorThroughAnyNumberOfDiscounts() {
        RunningMoments moments = new RunningMoments(0.9);
        moments.add(1);
        moments.add(2);
        for (int i = 0; i < 3_000; i++) {
            moments.discount(0.5);
        }
        assertThat(moments.weight()).isEqualTo(QrAccumulator.FORGET_FLOOR);
        assertThat(moments.sumSquaredDeviations()).isZero();
        assertThat(moments.standardDeviation()).isNaN();

        moments.add(7);

        assertThat(moments.weight()).isEqualTo(1);
        assertThat(moments.mean()).isEqualTo(7);
    }

    @Test
    void standardDeviationIsUndefinedWhileADiscountHoldsTheWeightAtOrBelowOne() {
        RunningMoments moments = new RunningMoments(1);
        moments.add(1);
        moments.add(3);
        moments.discount(0.5);

        assertThat(moments.weight()).isEqualTo(1);
        assertThat(moments.standardDeviation()).isNaN();

        moments.add(2);

        assertThat(moments.weight()).isEqualTo(2);
        assertThat(moments.standardDeviation()).isEqualTo(Math.sqrt(moments.sumSquaredDeviations()));
    }

    @Test
    void unitWeightMomentsRefuseADiscount() {
        RunningMoments moments = new RunningMoments();
        moments.add(1);

        assertThatThrownBy(() -> moments.discount(0.5)).isInstanceOf(IllegalStateException.class);
        assertThat(moments.weight()).isEqualTo(1);
    }

    @Test
    void restoredWeightedMomentsMayWeighLessThanOneButNotZeroNorMoreThanTheirCount() {
        assertThat(new RunningMoments(0.9, 5, 0.25, 1, 0).weight()).isEqualTo(0.25);
        assertThat(new RunningMoments(1, 5, 2.5, 1, 0).weight()).isEqualTo(2.5);
        assertThatThrownBy(() -> new RunningMoments(0.9, 5, 0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight of 5 values with forgetting factor 0.9 must be in (0, 5]. Found: 0.0");
        assertThatThrownBy(() -> new RunningMoments(1, 5, 6, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight of 5 values with forgetting factor 1.0 must be in (0, 5]. Found: 6.0");
    }

    private static void scale(double[] weights, int count, double factor) {
        for (int i = 0; i < count; i++) {
            weights[i] *= factor;
        }
    }
}
