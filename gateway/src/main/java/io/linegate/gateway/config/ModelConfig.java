package io.linegate.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A line's model settings ({@code lines.<line>.model}).
 *
 * @param kind             model kind
 * @param intercept        whether the model has an intercept (default true)
 * @param intervalLevel    coverage of prediction intervals, in (0, 1) (default 0.95)
 * @param minObservations  learned windows before predictions are made; 0 = the model's
 *                         own minimum (parameters + 1, so an interval is defined)
 * @param forgetting       λ of kind {@code rls}, in (0, 1] (default 0.98); 1 for {@code ols}
 * @param scoreHorizon     windows in the "recent" span of the online scores (default 100)
 * @param summaryInterval  least time between two retained model summaries of the line (default
 *                         10 s): the first after start, and one with every drift alarm, go out
 *                         at once; 0 = after every learned window
 */
public record ModelConfig(ModelKind kind, boolean intercept, double intervalLevel, int minObservations,
        double forgetting, int scoreHorizon, Duration summaryInterval) {

    /** Least time between two model summaries of a line unless configured. */
    public static final Duration DEFAULT_SUMMARY_INTERVAL = Duration.ofSeconds(10);

    /** Windows in the recent span of the scores unless configured. */
    public static final int DEFAULT_SCORE_HORIZON = 100;

    public static final double DEFAULT_INTERVAL_LEVEL = 0.95;
    /** λ of {@code rls} unless configured: observations lose half their weight in about 34 windows. */
    public static final double DEFAULT_FORGETTING = 0.98;

    public ModelConfig {
        Objects.requireNonNull(kind, "kind");
        if (!(intervalLevel > 0 && intervalLevel < 1)) {
            throw new IllegalArgumentException("intervalLevel must be in (0, 1). Found: " + intervalLevel);
        }
        if (!(forgetting > 0 && forgetting <= 1)) {
            throw new IllegalArgumentException("forgetting must be in (0, 1]. Found: " + forgetting);
        }
        if (kind == ModelKind.OLS && forgetting != 1) {
            throw new IllegalArgumentException("forgetting applies to kind rls only; ols forgets nothing. Found: "
                    + forgetting);
        }
        if (scoreHorizon < 1) {
            throw new IllegalArgumentException("scoreHorizon must be at least 1. Found: " + scoreHorizon);
        }
        if (summaryInterval == null || summaryInterval.isNegative()) {
            throw new IllegalArgumentException("summaryInterval must be 0 or more. Found: " + summaryInterval);
        }
        if (minObservations < 0) {
            throw new IllegalArgumentException("minObservations must not be negative. Found: " + minObservations);
        }
    }

    public static ModelConfig defaults() {
        return new ModelConfig(ModelKind.OLS, true, DEFAULT_INTERVAL_LEVEL, 0, 1, DEFAULT_SCORE_HORIZON,
                DEFAULT_SUMMARY_INTERVAL);
    }
}
