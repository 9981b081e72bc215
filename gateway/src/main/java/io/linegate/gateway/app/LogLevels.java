package io.linegate.gateway.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.linegate.gateway.config.LoggingConfig;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.level} and {@code logging.levels} to logback, over what its
 * {@code logback.xml} set. Called by the thread that starts the gateway, before anything else
 * starts. Does nothing when SLF4J is bound to another backend (the gateway embedded elsewhere).
 */
final class LogLevels {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(LogLevels.class);

    private LogLevels() {
    }

    static void apply(LoggingConfig config) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            if (config.level() != null || !config.levels().isEmpty()) {
                log.warn("logging.level and logging.levels apply to logback only; SLF4J is bound to {}",
                        factory.getClass().getName());
            }
            return;
        }
        if (config.level() != null) {
            context.getLogger("io.linegate").setLevel(Level.toLevel(config.level()));
        }
        for (Map.Entry<String, String> e : config.levels().entrySet()) {
            String name = e.getKey().equalsIgnoreCase("ROOT") ? Logger.ROOT_LOGGER_NAME : e.getKey();
            context.getLogger(name).setLevel(Level.toLevel(e.getValue()));
        }
    }
}
