package io.linegate.gateway.decode;

/**
 * The integer labels SenML CBOR uses for the RFC 8428 fields (§6, table 4), mapped to the names
 * SenML JSON uses, so both encodings are resolved by the same code. Jackson's CBOR parser reports
 * an integer map key as its decimal text ("-2"); text keys pass unchanged (RFC 8428 uses them for
 * fields without an integer label).
 */
final class SenmlCborLabels {

    private SenmlCborLabels() {
    }

    /** The JSON name of a CBOR map key, or the key itself when it is not a SenML integer label. */
    static String jsonName(String key) {
        if (key == null) {
            return "";
        }
        return switch (key) {
            case "-1" -> "bver";
            case "-2" -> "bn";
            case "-3" -> "bt";
            case "-4" -> "bu";
            case "-5" -> "bv";
            case "-6" -> "bs";
            case "0" -> "n";
            case "1" -> "u";
            case "2" -> "v";
            case "3" -> "vs";
            case "4" -> "vb";
            case "5" -> "s";
            case "6" -> "t";
            case "7" -> "ut";
            case "8" -> "vd";
            default -> isInteger(key) ? "#" + key : key;
        };
    }

    /**
     * An integer label outside the table is not a field this gateway knows; it is ignored like an
     * unknown JSON name, and the "#" keeps it from colliding with a text key of the same spelling.
     * Integer labels have no must-understand form, so ignoring them is what RFC 8428 asks.
     */
    private static boolean isInteger(String key) {
        int start = key.startsWith("-") ? 1 : 0;
        if (start == key.length()) {
            return false;
        }
        for (int i = start; i < key.length(); i++) {
            if (!Character.isDigit(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
