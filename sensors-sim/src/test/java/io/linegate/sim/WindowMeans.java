package io.linegate.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway computes per line and window: the mean of each sensor's readings. Test
 * helper: ticks one line of a generator through consecutive windows of equal tick counts.
 */
final class WindowMeans {

    final List<double[]> features = new ArrayList<>();
    final List<Double> targets = new ArrayList<>();

    static WindowMeans of(FleetGenerator generator, String lineId, int windows, int ticksPerWindow, long startMs,
                          long tickMs) {
        WindowMeans means = new WindowMeans();
        long tick = 0;
        for (int window = 0; window < windows; window++) {
            double[] sums = new double[SensorIds.FEATURES.size()];
            double targetSum = 0;
            for (int i = 0; i < ticksPerWindow; i++) {
                LineTick lineTick = generator.tick(lineId, startMs + tick++ * tickMs);
                for (int f = 0; f < sums.length; f++) {
                    sums[f] += lineTick.value(SensorIds.FEATURES.get(f));
                }
                targetSum += lineTick.value(SensorIds.TARGET);
            }
            for (int f = 0; f < sums.length; f++) {
                sums[f] /= ticksPerWindow;
            }
            means.features.add(sums);
            means.targets.add(targetSum / ticksPerWindow);
        }
        return means;
    }

    /** Standard deviation across windows of feature {@code index}'s window means. */
    double featureStdDev(int index) {
        double mean = features.stream().mapToDouble(x -> x[index]).average().orElseThrow();
        double sum = features.stream().mapToDouble(x -> Math.pow(x[index] - mean, 2)).sum();
        return Math.sqrt(sum / (features.size() - 1));
    }
}
