package io.linegate.gateway.config;

import io.linegate.gateway.decode.Ids;
import io.linegate.gateway.quality.DriftConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one line: what to learn and how to window it (DESIGN §3.3). Lines not listed
 * under {@code lines} use {@code lines.defaults}; a listed line overrides keys of the defaults.
 *
 * @param features    feature sensor ids, in model order
 * @param target      target sensor id, not one of the features
 * @param window      tumbling window length, aligned to multiples of it from the epoch
 * @param lateness    how long a window stays open for late readings (event time)
 * @param idleTimeout wall-clock time without readings after which a line's open windows close
 * @param statistic   how a window's readings of a sensor are summarized
 * @param model       model settings
 * @param drift       the change detector on the line's residuals, and its reaction
 * @param missing     what a window with a missing feature does
 * @param controls    features an operator can set, with their allowed ranges (for recommendations)
 */
public record LineConfig(
        List<String> features,
        String target,
        Duration window,
        Duration lateness,
        Duration idleTimeout,
        WindowStatistic statistic,
        ModelConfig model,
        DriftConfig drift,
        MissingConfig missing,
        Map<String, ControlBounds> controls) {

    /** Most windows a line may keep open at once (lateness / window). */
    public static final long MAX_OPEN_WINDOWS = 1000;

    /** A line with drift detection, the missing-feature policy and controls at their defaults. */
    public LineConfig(List<String> features, String target, Duration window, Duration lateness, Duration idleTimeout,
                      WindowStatistic statistic, ModelConfig model) {
        this(features, target, window, lateness, idleTimeout, statistic, model, DriftConfig.defaults(),
                MissingConfig.defaults(), Map.of());
    }

    public LineConfig {
        features = List.copyOf(features);
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(missing, "missing");
        controls = Map.copyOf(controls);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lateness, "lateness");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(model, "model");
        if (features.isEmpty()) {
            throw new IllegalArgumentException("features must name at least one sensor");
        }
        var seen = new HashSet<String>();
        for (String f : features) {
            if (!Ids.isValid(f)) {
                throw new IllegalArgumentException("features: '" + f + "' is not a valid id " + Ids.PATTERN_TEXT);
            }
            if (!seen.add(f)) {
                throw new IllegalArgumentException("features: '" + f + "' is listed twice");
            }
        }
        if (!Ids.isValid(target)) {
            throw new IllegalArgumentException("target: '" + target + "' is not a valid id " + Ids.PATTERN_TEXT);
        }
        if (seen.contains(target)) {
            throw new IllegalArgumentException("target: '" + target + "' is also a feature");
        }
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1ms. Found: " + Durations.format(window));
        }
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("lateness must not be negative. Found: " + lateness);
        }
        if (lateness.toMillis() / window.toMillis() > MAX_OPEN_WINDOWS) {
            throw new IllegalArgumentException("lateness must be at most " + MAX_OPEN_WINDOWS
                    + " windows, so a line keeps few windows open. Found: " + Durations.format(lateness)
                    + " with window " + Durations.format(window));
        }
        for (String controlled : controls.keySet()) {
            if (!seen.contains(controlled)) {
                throw new IllegalArgumentException("controls: '" + controlled + "' is not one of the features "
                        + features);
            }
        }
        if (drift.reaction() == DriftConfig.Reaction.FORGET && model.kind() != ModelKind.RLS) {
            throw new IllegalArgumentException("drift.reaction forget needs model kind rls (ols never forgets;"
                    + " use reset)");
        }
        if (idleTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("idleTimeout must be at least 1ms. Found: " + Durations.format(idleTimeout));
        }
    }
}
