package io.linegate.gateway.decode;

/**
 * The one rule for line and sensor ids: {@code [A-Za-z0-9_.-]{1,64}}. Anything else is
 * rejected and never echoed into an upstream topic.
 */
public final class Ids {

    public static final String PATTERN_TEXT = "[A-Za-z0-9_.-]{1,64}";
    public static final int MAX_LENGTH = 64;

    private Ids() {
    }

    /** Whether {@code id} is a valid line or sensor id. Allocation-free; null is invalid. */
    public static boolean isValid(CharSequence id) {
        if (id == null) {
            return false;
        }
        int length = id.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
