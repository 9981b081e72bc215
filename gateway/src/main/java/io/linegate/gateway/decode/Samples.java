package io.linegate.gateway.decode;

/**
 * Bounded, printable renderings of untrusted input for logs, rejection details and dead
 * letters. Printable ASCII is kept, a backslash is doubled, anything else is escaped, so
 * a sample can never smuggle control characters, wildcards of another encoding or
 * unbounded text downstream.
 */
final class Samples {

    /** Longest rendering of an untrusted id inside a rejection detail. */
    static final int MAX_ID_SAMPLE_CHARS = 32;

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String ELLIPSIS = "...";

    private Samples() {
    }

    /** The first {@code maxBytes} bytes of {@code payload}, non-printable bytes as {@code \xNN}. */
    static String ofBytes(byte[] payload, int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative. Found: " + maxBytes);
        }
        int n = Math.min(payload.length, maxBytes);
        StringBuilder out = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            appendEscaped(out, (char) (payload[i] & 0xFF));
        }
        return out.toString();
    }

    /**
     * An untrusted id rendered in at most {@link #MAX_ID_SAMPLE_CHARS} characters: escaped like
     * {@link #ofBytes}, other non-ASCII characters as {@code \\uNNNN}, cut with "..." when longer.
     */
    static String ofId(CharSequence id) {
        if (id == null) {
            return "<none>";
        }
        int fullLength = 0;
        for (int i = 0; i < id.length(); i++) {
            fullLength += escapedLength(id.charAt(i));
        }
        boolean cut = fullLength > MAX_ID_SAMPLE_CHARS;
        int room = cut ? MAX_ID_SAMPLE_CHARS - ELLIPSIS.length() : MAX_ID_SAMPLE_CHARS;
        StringBuilder out = new StringBuilder(MAX_ID_SAMPLE_CHARS);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (out.length() + escapedLength(c) > room) {
                break;
            }
            appendEscaped(out, c);
        }
        return cut ? out.append(ELLIPSIS).toString() : out.toString();
    }

    private static int escapedLength(char c) {
        if (c == '\\') {
            return 2;
        }
        if (c >= 0x20 && c < 0x7F) {
            return 1;
        }
        return c < 0x100 ? 4 : 6;
    }

    private static void appendEscaped(StringBuilder out, char c) {
        if (c == '\\') {
            out.append("\\\\");
        } else if (c >= 0x20 && c < 0x7F) {
            out.append(c);
        } else if (c < 0x100) {
            out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        } else {
            out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                    .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
        }
    }
}
