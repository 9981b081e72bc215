package io.linegate.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by the records and builders of this package, so every message
 * has the same shape: {@code "<name> must ... Found: <value>"}.
 */
final class Checks {

    /** The one rule for line and sensor ids on the wire. */
    static final String ID_PATTERN_TEXT = "[A-Za-z0-9_.-]{1,64}";
    static final int MAX_ID_LENGTH = 64;

    private Checks() {
    }

    static boolean isValidId(CharSequence id) {
        return id != null && id.length() > 0 && id.length() <= MAX_ID_LENGTH && isIdText(id);
    }

    /** Whether every character is allowed in an id (the empty text passes). */
    static boolean isIdText(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String requireId(String name, String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException(name + " must match " + ID_PATTERN_TEXT + ". Found: " + id);
        }
        return id;
    }

    static <T> T requireNonNull(String name, T value) {
        return Objects.requireNonNull(value, () -> name + " must not be null");
    }

    static int requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be greater than 0. Found: " + value);
        }
        return value;
    }

    static int requireAtMost(String name, int value, int max) {
        if (value > max) {
            throw new IllegalArgumentException(name + " must be at most " + max + ". Found: " + value);
        }
        return value;
    }

    static long requireNotNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative. Found: " + value);
        }
        return value;
    }

    static double requirePositiveFinite(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be greater than 0 and finite. Found: " + value);
        }
        return value;
    }

    static double requireNotNegativeFinite(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and not negative. Found: " + value);
        }
        return value;
    }

    static double requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite. Found: " + value);
        }
        return value;
    }

    static Duration requireNotNegative(String name, Duration value) {
        requireNonNull(name, value);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative. Found: " + value);
        }
        return value;
    }

    static Duration requirePositive(String name, Duration value) {
        requireNonNull(name, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be greater than 0. Found: " + value);
        }
        return value;
    }

    /**
     * A topic prefix is a non-empty MQTT topic name without wildcards, without a leading or
     * trailing '/', not starting with '$' (reserved for broker topics).
     */
    static String requireTopicPrefix(String name, String prefix) {
        requireNonNull(name, prefix);
        boolean ok = !prefix.isEmpty() && prefix.length() <= 1024 && !prefix.startsWith("/") && !prefix.endsWith("/")
                && !prefix.startsWith("$") && prefix.chars().noneMatch(c -> c == '+' || c == '#' || c == 0);
        if (!ok) {
            throw new IllegalArgumentException(name + " must be a non-empty MQTT topic without wildcards (+ #),"
                    + " without a leading or trailing '/' and not starting with '$'. Found: " + prefix);
        }
        return prefix;
    }
}
