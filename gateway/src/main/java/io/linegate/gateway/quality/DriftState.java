package io.linegate.gateway.quality;

import java.util.Objects;

/**
 * What a {@link DriftDetector} knows at one moment, for publishing and dashboards. Immutable.
 *
 * @param method             the detector's method as configured, e.g. {@code "cusum"}
 * @param updates            residuals seen in the detector's life, across restarts
 * @param alarms             alarms raised in its life
 * @param lastAlarmUpdate    the {@code updates} count at which the last alarm was raised, 0 if none
 * @param lastAlarmDirection +1 if the last alarm was for residuals rising (the model predicting too
 *                           low), −1 for falling, 0 if there was none
 * @param sinceRestart       residuals seen since the last alarm or reset
 * @param armed              whether the detector may alarm now: it has seen its minimum
 *                           instances or finished its warm-up since the last restart
 * @param upper              statistic for a rising residual mean, at least 0
 * @param lower              statistic for a falling residual mean, at least 0
 * @param threshold          an alarm is raised when {@code upper} or {@code lower} exceeds this
 */
public record DriftState(String method, long updates, long alarms, long lastAlarmUpdate, int lastAlarmDirection,
                         long sinceRestart, boolean armed, double upper, double lower, double threshold) {

    public DriftState {
        Objects.requireNonNull(method, "method");
    }
}
