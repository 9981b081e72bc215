package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies that the generated data is usable for what the gateway does with it: regress
 * window-mean efficiency on window-mean features.
 */
class WindowRegressionTest {

    private static final long START_MS = 1_764_340_000_000L;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 2025, -7, 123_456_789})
    void batchFitOfSixtyWindowMeansRecoversTheGroundTruth(long seed) {
        FleetGenerator generator = new FleetGenerator(3, "L", seed, 0.5);
        for (String line : generator.lineIds()) {
            GroundTruth truth = generator.groundTruth(line);
            WindowMeans means = WindowMeans.of(generator, line, 60, 10, START_MS, 100);

            double[] beta = LeastSquares.fit(means.features, means.targets);

            String context = "seed " + seed + ", " + truth.describe() + ", fit " + java.util.Arrays.toString(beta);
            assertThat(beta[0]).as(context).isCloseTo(truth.intercept(), within(0.05 * truth.intercept()));
            for (int f = 0; f < SensorIds.FEATURES.size(); f++) {
                double expected = truth.coefficient(SensorIds.FEATURES.get(f));
                assertThat(beta[f + 1]).as(context).isCloseTo(expected, within(0.05 * expected));
            }
            // Window means average 10 ticks of noise: sd 0.5 / sqrt(10).
            assertThat(LeastSquares.residualStdDev(means.features, means.targets, beta)).as(context)
                    .isBetween(0.5 / Math.sqrt(10) * 0.6, 0.5 / Math.sqrt(10) * 1.4);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 42})
    void withoutNoiseWindowMeansSatisfyTheRelationUpToRounding(long seed) {
        FleetGenerator generator = new FleetGenerator(2, "L", seed, 0);
        for (String line : generator.lineIds()) {
            GroundTruth truth = generator.groundTruth(line);
            WindowMeans means = WindowMeans.of(generator, line, 30, 10, START_MS, 100);

            double[] beta = LeastSquares.fit(means.features, means.targets);

            assertThat(beta[0]).isCloseTo(truth.intercept(), within(0.01));
            assertThat(beta[1]).isCloseTo(truth.coefficient(SensorIds.FEED), within(1e-4));
            assertThat(beta[2]).isCloseTo(truth.coefficient(SensorIds.STATE), within(1e-3));
            assertThat(beta[3]).isCloseTo(truth.coefficient(SensorIds.SPEED), within(1e-3));
        }
    }

    @ParameterizedTest(name = "{0} ticks per window")
    @CsvSource({"10, 12, 0.25, 0.25", "60, 6, 0.12, 0.15", "300, 3, 0.05, 0.07"})
    void windowMeansOfFeaturesStillVaryBetweenWindows(int ticksPerWindow, double minFeedSd, double minStateSd,
                                                      double minSpeedSd) {
        FleetGenerator generator = new FleetGenerator(4, "L", 42, 0.5);
        for (String line : generator.lineIds()) {
            WindowMeans means = WindowMeans.of(generator, line, 60, ticksPerWindow, START_MS, 100);

            assertThat(means.featureStdDev(0)).as(line + " feed").isGreaterThan(minFeedSd);
            assertThat(means.featureStdDev(1)).as(line + " state").isGreaterThan(minStateSd);
            assertThat(means.featureStdDev(2)).as(line + " speed").isGreaterThan(minSpeedSd);
        }
    }
}
