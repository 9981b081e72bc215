package io.linegate.gateway.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one SenML pack while {@link SenmlDecoder} reads it: the base fields in force,
 * the fields of the current record, and the readings resolved so far. One instance per
 * decode call, confined to the calling thread.
 */
final class SenmlRecords {

    // One bit per RFC 8428 label, to catch a label repeated within a record.
    private static final int BN = 1;
    private static final int BT = 1 << 1;
    private static final int BU = 1 << 2;
    private static final int BV = 1 << 3;
    private static final int BS = 1 << 4;
    private static final int BVER = 1 << 5;
    private static final int N = 1 << 6;
    private static final int U = 1 << 7;
    private static final int V = 1 << 8;
    private static final int VS = 1 << 9;
    private static final int VB = 1 << 10;
    private static final int VD = 1 << 11;
    private static final int S = 1 << 12;
    private static final int T = 1 << 13;
    private static final int UT = 1 << 14;

    private final String lineId;
    private final String pathSensorId;
    private final long arrivalMs;
    private final List<Reading> readings = new ArrayList<>();
    private DecodeResult.Rejected problem;
    private int index;

    private String baseName;
    private double baseTime;
    private boolean hasBaseValue;
    private double baseValue;

    private int seen;
    private String name;
    private double time;
    private double value;
    private boolean booleanValue;

    /**
     * @param lineId       the line the topic or path names
     * @param pathSensorId the sensor a per-sensor path names (records without a name are its
     *                     readings, a record naming another sensor is {@link RejectReason#BAD_ID}),
     *                     or null on a per-line topic or path
     * @param arrivalMs    arrival time, epoch milliseconds
     */
    SenmlRecords(String lineId, String pathSensorId, long arrivalMs) {
        this.lineId = lineId;
        this.pathSensorId = pathSensorId;
        this.arrivalMs = arrivalMs;
    }

    /** Records read so far, including rejected ones. */
    int count() {
        return index;
    }

    void startRecord() {
        seen = 0;
        name = null;
        time = 0;
        value = 0;
        booleanValue = false;
    }

    /** Counts a record that could not be read at all (already reported). */
    void skip() {
        index++;
    }

    /** Reads the value of field {@code label} at the parser's current token, leaving the parser on it. */
    void field(String label, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (label) {
            case "bn" -> {
                if (mark(BN, label) && expectString(token, label)) {
                    baseName = parser.getText();
                }
            }
            case "bt" -> {
                if (mark(BT, label) && expectNumber(token, label)) {
                    baseTime = parser.getDoubleValue();
                }
            }
            case "bv" -> {
                if (mark(BV, label) && expectNumber(token, label)) {
                    hasBaseValue = true;
                    baseValue = parser.getDoubleValue();
                }
            }
            case "n" -> {
                if (mark(N, label) && expectString(token, label)) {
                    name = parser.getText();
                }
            }
            case "t" -> {
                if (mark(T, label) && expectNumber(token, label)) {
                    time = parser.getDoubleValue();
                }
            }
            case "v" -> {
                if (mark(V, label) && expectNumber(token, label)) {
                    value = parser.getDoubleValue();
                }
            }
            case "vb" -> {
                if (mark(VB, label) && expectBoolean(token, label)) {
                    booleanValue = token == JsonToken.VALUE_TRUE;
                }
            }
            case "bu", "u" -> {
                if (mark(label.equals("u") ? U : BU, label)) {
                    expectString(token, label);
                }
            }
            case "bs", "bver", "s", "ut" -> {
                if (mark(numericIgnoredBit(label), label)) {
                    expectNumber(token, label);
                }
            }
            case "vs", "vd" -> {
                mark(label.equals("vs") ? VS : VD, label);
                report(RejectReason.UNKNOWN_FORMAT, "record " + index + " has a "
                        + (label.equals("vs") ? "string" : "data") + " value (" + label
                        + "); only numeric (v) and boolean (vb) values are accepted");
            }
            default -> {
                if (label.endsWith("_")) {
                    report(RejectReason.UNKNOWN_FORMAT, "record " + index + " has must-understand field '"
                            + Samples.ofId(label) + "'");
                }
            }
        }
    }

    /** Turns the current record, now fully read, into a reading (or a reported problem). */
    void resolve() {
        int record = index++;
        if ((seen & (VS | VD)) != 0) {
            return;
        }
        boolean numeric = (seen & V) != 0;
        boolean bool = (seen & VB) != 0;
        if (numeric && bool) {
            report(RejectReason.MALFORMED, "record " + record + " has more than one value");
            return;
        }
        if (!numeric && !bool) {
            if ((seen & S) != 0) {
                report(RejectReason.UNKNOWN_FORMAT, "record " + record + " has only a sum (s); "
                        + "a value (v or vb) is needed");
            } else {
                report(RejectReason.MALFORMED, "record " + record + " has no value (v or vb)");
            }
            return;
        }
        String sensorId = resolvedName();
        if (pathSensorId != null) {
            if (sensorId != null && !sensorId.equals(pathSensorId)) {
                report(RejectReason.BAD_ID, "record " + record + " name '" + Samples.ofId(sensorId)
                        + "' is not the sensor the path names");
                return;
            }
            sensorId = pathSensorId;
        }
        if (!Ids.isValid(sensorId)) {
            report(RejectReason.BAD_ID, sensorId == null
                    ? "record " + record + " has no name (bn or n)"
                    : "record " + record + " name '" + Samples.ofId(sensorId) + "' is not a valid sensor id");
            return;
        }
        double resolvedValue = bool ? (booleanValue ? 1 : 0) : (hasBaseValue ? baseValue + value : value);
        if (!Double.isFinite(resolvedValue)) {
            report(RejectReason.NOT_FINITE, "record " + record + " value is NaN, infinite or overflows a double");
            return;
        }
        long tsMs = resolvedTimeMs(baseTime + time);
        if (tsMs < 0) {
            report(RejectReason.MALFORMED, "record " + record + " time is not finite or out of range");
            return;
        }
        if (problem == null) {
            readings.add(new Reading(lineId, sensorId, resolvedValue, tsMs, Reading.NO_SEQ));
        }
    }

    DecodeResult toResult() {
        if (problem != null) {
            return problem;
        }
        if (readings.isEmpty()) {
            return DecodeResult.rejected(RejectReason.MALFORMED, "empty SenML pack");
        }
        return new DecodeResult.Decoded(readings);
    }

    void report(RejectReason reason, String detail) {
        if (problem == null) {
            problem = new DecodeResult.Rejected(reason, detail);
        }
    }

    /** Epoch milliseconds for a resolved SenML time in seconds, or -1 when it has none. */
    private long resolvedTimeMs(double seconds) {
        double ms = seconds * 1000.0;
        if (!Double.isFinite(ms)) {
            return -1;
        }
        if (seconds < SenmlDecoder.RELATIVE_TIME_LIMIT_SECONDS) {
            if (ms < -arrivalMs) {
                return -1;
            }
            long ts = arrivalMs + Math.round(ms);
            return ts < 0 ? -1 : ts;
        }
        return ms >= 0x1p63 ? -1 : Math.round(ms);
    }

    private String resolvedName() {
        if (baseName == null) {
            return name;
        }
        return name == null ? baseName : baseName + name;
    }

    /** Records that the current record has field {@code bit}; false (and a problem) when it is a repeat. */
    private boolean mark(int bit, String label) {
        if ((seen & bit) != 0) {
            report(RejectReason.MALFORMED, "record " + index + " has field '" + label + "' twice");
            return false;
        }
        seen |= bit;
        return true;
    }

    private boolean expectString(JsonToken token, String label) {
        return expect(token == JsonToken.VALUE_STRING, label, "a string");
    }

    private boolean expectNumber(JsonToken token, String label) {
        return expect(JsonInput.isNumber(token), label, "a number");
    }

    private boolean expectBoolean(JsonToken token, String label) {
        return expect(token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE, label, "a boolean");
    }

    private boolean expect(boolean ok, String label, String what) {
        if (!ok) {
            report(RejectReason.MALFORMED, "record " + index + " field '" + label + "' must be " + what);
        }
        return ok;
    }

    private static int numericIgnoredBit(String label) {
        return switch (label) {
            case "bs" -> BS;
            case "bver" -> BVER;
            case "s" -> S;
            default -> UT;
        };
    }
}
