package io.linegate.gateway.aggregate;

import io.linegate.gateway.config.WindowStatistic;

/**
 * Running summary of one sensor's readings in one window: count, sum, min, max and the value
 * with the latest event time. O(1) per reading, no allocation.
 */
final class SensorStats {

    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double last = Double.NaN;
    private long lastTsMs = Long.MIN_VALUE;

    void add(double value, long tsMs) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (tsMs >= lastTsMs) {
            last = value;
            lastTsMs = tsMs;
        }
    }

    /** The window's value under {@code statistic}; NaN when there were no readings. */
    double value(WindowStatistic statistic) {
        if (count == 0) {
            return Double.NaN;
        }
        return switch (statistic) {
            case MEAN -> sum / count;
            case MIN -> min;
            case MAX -> max;
            case LAST -> last;
        };
    }
}
