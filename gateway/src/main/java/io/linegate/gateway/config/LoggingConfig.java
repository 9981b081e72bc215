package io.linegate.gateway.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Log levels ({@code logging}): applied once the configuration is read, over what
 * {@code logback.xml} set. The format (text or JSON) is not here: it is chosen by
 * {@code LINEGATE_LOG_FORMAT} before the first line is logged, i.e. before any YAML is read.
 *
 * @param level  level of {@code io.linegate}, or null to leave it as it is
 * @param levels level by logger name ({@code ROOT} for the root logger), e.g. {@code io.netty: DEBUG}
 */
public record LoggingConfig(String level, Map<String, String> levels) {

    /** The levels logback knows, upper case. */
    public static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    public LoggingConfig {
        if (level != null) {
            level = checkLevel("level", level);
        }
        Objects.requireNonNull(levels, "levels");
        Map<String, String> checked = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : levels.entrySet()) {
            if (!e.getKey().matches("[A-Za-z_$][A-Za-z0-9_.$]{0,199}")) {
                throw new IllegalArgumentException("levels must be keyed by logger names. Found: '" + e.getKey() + "'");
            }
            checked.put(e.getKey(), checkLevel("levels", e.getValue()));
        }
        levels = Map.copyOf(checked);
    }

    /** Nothing changed. */
    public static LoggingConfig defaults() {
        return new LoggingConfig(null, Map.of());
    }

    private static String checkLevel(String key, String value) {
        String upper = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(upper)) {
            throw new IllegalArgumentException(key + " must be one of trace, debug, info, warn, error, off. Found: '"
                    + value + "'");
        }
        return upper;
    }
}
