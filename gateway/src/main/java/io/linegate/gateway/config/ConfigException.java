package io.linegate.gateway.config;

/**
 * A configuration value that is missing, malformed or out of range. The message names the
 * key (a dotted path such as {@code lines.L1.window}) and why it was refused.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String reason) {
        super(key + ": " + reason);
        this.key = key;
    }

    /** The dotted path of the offending key. */
    public String key() {
        return key;
    }
}
