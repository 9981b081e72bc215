package io.linegate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A YAML mapping being read into typed config, that knows its dotted path so every error
 * names the key, and remembers which keys were read so unknown keys (usually typos) are
 * refused instead of silently ignored.
 *
 * <p>Used only while loading config, on the loading thread.
 */
final class ConfigNode {

    /** Longest duration any setting accepts; keeps millisecond arithmetic far from overflow. */
    static final Duration MAX_DURATION = Duration.ofDays(3650);

    private final String path;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isNull() && !this.node.isObject()) {
            throw new ConfigException(path.isEmpty() ? "(root)" : path, "must be a mapping");
        }
    }

    String path() {
        return path;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Keys of this mapping, in file order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        names.forEachRemaining(keys::add);
        return keys;
    }

    JsonNode raw(String key) {
        read.add(key);
        return node.get(key);
    }

    ConfigNode child(String key) {
        read.add(key);
        return new ConfigNode(keyPath(key), node.get(key));
    }

    String string(String key, String defaultValue) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isValueNode() || v.isBinary()) {
            throw new ConfigException(keyPath(key), "must be a string. Found: " + v.getNodeType());
        }
        return v.asText();
    }

    int integer(String key, int defaultValue, int min, int max) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new ConfigException(keyPath(key), "must be a whole number. Found: " + v.asText());
        }
        int i = v.intValue();
        if (i < min || i > max) {
            throw new ConfigException(keyPath(key), "must be between " + min + " and " + max + ". Found: " + i);
        }
        return i;
    }

    double number(String key, double defaultValue, double minExclusive, double maxInclusive) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isNumber()) {
            throw new ConfigException(keyPath(key), "must be a number. Found: " + v.asText());
        }
        double d = v.doubleValue();
        if (!(d > minExclusive && d <= maxInclusive)) {
            throw new ConfigException(keyPath(key),
                    "must be greater than " + minExclusive + " and at most " + maxInclusive + ". Found: " + d);
        }
        return d;
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            throw new ConfigException(keyPath(key), "must be true or false. Found: " + v.asText());
        }
        return v.booleanValue();
    }

    Duration duration(String key, Duration defaultValue) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(keyPath(key), e.getMessage());
        }
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new ConfigException(keyPath(key), "must be at most " + Durations.format(MAX_DURATION) + ". Found: " + text);
        }
        return d;
    }

    List<String> strings(String key, List<String> defaultValue) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            throw new ConfigException(keyPath(key), "must be a list of strings. Found: " + v.getNodeType());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual()) {
                throw new ConfigException(keyPath(key) + "[" + i + "]", "must be a string. Found: " + item.getNodeType());
            }
            out.add(item.asText());
        }
        return out;
    }

    /**
     * An enum value written in lower case with dashes ({@code drop-oldest} for
     * {@code DROP_OLDEST}); the error lists the accepted spellings.
     */
    <E extends Enum<E>> E choice(String key, E defaultValue, Class<E> type) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        for (E e : type.getEnumConstants()) {
            if (spelling(e).equals(text)) {
                return e;
            }
        }
        String allowed = java.util.Arrays.stream(type.getEnumConstants()).map(ConfigNode::spelling)
                .collect(java.util.stream.Collectors.joining(", "));
        throw new ConfigException(keyPath(key), "must be one of " + allowed + ". Found: " + text);
    }

    /** How an enum constant is written in config: {@code DROP_OLDEST} is {@code drop-oldest}. */
    static String spelling(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Refuses keys that nothing read: a typo must not silently fall back to a default. */
    void rejectUnknownKeys() {
        for (String key : keys()) {
            if (!read.contains(key)) {
                throw new ConfigException(keyPath(key), "unknown key");
            }
        }
    }

    /** A copy of {@code overrides} laid over {@code base}: mappings merge key by key, anything else replaces. */
    static JsonNode merge(JsonNode base, JsonNode overrides) {
        if (base == null || !base.isObject() || overrides == null || !overrides.isObject()) {
            return overrides == null ? base : overrides;
        }
        ObjectNode merged = ((ObjectNode) base).deepCopy();
        overrides.properties().forEach(e -> merged.set(e.getKey(), merge(merged.get(e.getKey()), e.getValue())));
        return merged;
    }
}
