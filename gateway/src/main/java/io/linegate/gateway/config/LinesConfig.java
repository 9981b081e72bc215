package io.linegate.gateway.config;

import java.util.Map;
import java.util.Objects;

/**
 * Per-line settings: {@code lines.defaults} for every line not listed, and the lines listed
 * by id (already merged over the defaults).
 */
public record LinesConfig(LineConfig defaults, Map<String, LineConfig> lines) {

    public LinesConfig {
        Objects.requireNonNull(defaults, "defaults");
        lines = Map.copyOf(lines);
    }

    /** Settings of {@code lineId}. */
    public LineConfig forLine(String lineId) {
        return lines.getOrDefault(lineId, defaults);
    }
}
