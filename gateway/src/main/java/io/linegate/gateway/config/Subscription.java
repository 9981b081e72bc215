package io.linegate.gateway.config;

import io.linegate.gateway.decode.PayloadFormat;
import java.util.Objects;

/**
 * One MQTT subscription of the reading source: a topic filter (MQTT 5 shared subscriptions
 * {@code $share/group/...} allowed), its QoS and the payload format of what arrives on it
 * ({@code auto} detects). Written in config as a plain filter string or as
 * {@code {filter: ..., format: ..., qos: ...}}.
 */
public record Subscription(String filter, PayloadFormat format, int qos) {

    private static final String SHARE_PREFIX = "$share/";

    public Subscription {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(format, "format");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2. Found: " + qos);
        }
    }

    /**
     * Whether a message on {@code topic} matches this subscription's filter, by the MQTT rules:
     * {@code +} matches one level, a trailing {@code #} any number (including none), and
     * wildcards at the first level do not match topics starting with {@code $}. For a shared
     * subscription the {@code $share/group/} prefix is not part of the filter. Thread-safe.
     */
    public boolean matches(String topic) {
        String f = filter;
        if (f.startsWith(SHARE_PREFIX)) {
            int groupEnd = f.indexOf('/', SHARE_PREFIX.length());
            f = groupEnd < 0 ? "" : f.substring(groupEnd + 1);
        }
        if (topic.startsWith("$") && (f.startsWith("+") || f.startsWith("#"))) {
            return false;
        }
        String[] filterLevels = f.split("/", -1);
        String[] topicLevels = topic.split("/", -1);
        for (int i = 0; i < filterLevels.length; i++) {
            if (filterLevels[i].equals("#")) {
                return true;
            }
            if (i >= topicLevels.length
                    || !(filterLevels[i].equals("+") || filterLevels[i].equals(topicLevels[i]))) {
                return false;
            }
        }
        return filterLevels.length == topicLevels.length;
    }
}
