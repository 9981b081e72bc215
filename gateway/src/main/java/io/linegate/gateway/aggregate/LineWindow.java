package io.linegate.gateway.aggregate;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One closed window of one line: the summarized feature values and target.
 *
 * <p>Created by {@link LineWindows} on the line's worker thread and handed to the model and
 * forwarder on the same thread. Arrays are defensive copies; treat it as immutable.
 *
 * @param lineId       the line
 * @param startMs      window start, epoch ms (inclusive)
 * @param endMs        window end, epoch ms (exclusive)
 * @param featureNames feature sensor ids, in model order
 * @param features     one value per feature; NaN where the feature had no reading in the window
 * @param target       target value; NaN when the target had no reading in the window
 * @param readings     readings that went into the window
 * @param cause        why it closed
 */
public record LineWindow(
        String lineId,
        long startMs,
        long endMs,
        List<String> featureNames,
        double[] features,
        double target,
        int readings,
        CloseCause cause) {

    public LineWindow {
        Objects.requireNonNull(lineId, "lineId");
        featureNames = List.copyOf(featureNames);
        features = features.clone();
        Objects.requireNonNull(cause, "cause");
        if (features.length != featureNames.size()) {
            throw new IllegalArgumentException(
                    "features must have one value per name. Found: " + features.length + " for " + featureNames.size());
        }
        if (endMs <= startMs) {
            throw new IllegalArgumentException("endMs must be after startMs. Found: " + startMs + ".." + endMs);
        }
    }

    /** Why a window closed. */
    public enum CloseCause {
        /** The line's event-time watermark passed the window's end. */
        WATERMARK,
        /** The line was idle longer than its idle timeout (wall clock). */
        IDLE
    }

    @Override
    public double[] features() {
        return features.clone();
    }

    /** Value of feature {@code i} (NaN when absent), without copying the array. */
    public double feature(int i) {
        return features[i];
    }

    /** Whether every feature had at least one reading. */
    public boolean allFeaturesPresent() {
        for (double f : features) {
            if (Double.isNaN(f)) {
                return false;
            }
        }
        return true;
    }

    public boolean targetPresent() {
        return !Double.isNaN(target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LineWindow w && w.lineId.equals(lineId) && w.startMs == startMs && w.endMs == endMs
                && w.featureNames.equals(featureNames) && Arrays.equals(w.features, features)
                && Double.compare(w.target, target) == 0 && w.readings == readings && w.cause == cause;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lineId, startMs, endMs, Arrays.hashCode(features), target);
    }

    @Override
    public String toString() {
        return "LineWindow[line=" + lineId + ", " + startMs + ".." + endMs + ", features=" + Arrays.toString(features)
                + ", target=" + target + ", readings=" + readings + ", cause=" + cause + "]";
    }
}
