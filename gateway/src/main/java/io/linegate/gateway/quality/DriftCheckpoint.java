package io.linegate.gateway.quality;

import io.linegate.gateway.model.CheckpointException;
import io.linegate.gateway.model.StateEnvelope;

/**
 * The binary form of a {@link DriftDetector}, format version 1 in a {@link StateEnvelope}:
 *
 * <pre>
 *   version 1 | method (string) | parameters | updates, alarms, last alarm update (long)
 *   | last alarm direction (byte, as signed) | since restart (long) | method's state | CRC-32C
 * </pre>
 *
 * <p>Parameters are saved with the state because the state means nothing under others; a caller
 * whose configuration changed across a restart starts a fresh detector instead.
 */
final class DriftCheckpoint {

    static final int FORMAT_VERSION = 1;
    static final String WHAT = "drift detector checkpoint";

    private DriftCheckpoint() {
    }

    static StateEnvelope.Reader open(byte[] blob) {
        return new StateEnvelope.Reader(blob, FORMAT_VERSION, WHAT);
    }

    /** Opens {@code blob} and checks that it holds a detector of {@code method}. */
    static StateEnvelope.Reader open(byte[] blob, String method) {
        StateEnvelope.Reader reader = open(blob);
        String found = reader.getString();
        if (!found.equals(method)) {
            throw new CheckpointException(
                    WHAT + " holds a detector of method \"" + found + "\", not \"" + method + "\"");
        }
        return reader;
    }

    static StateEnvelope.Writer writer(String method, int bodyBytes) {
        return new StateEnvelope.Writer(FORMAT_VERSION, Integer.BYTES + method.length() + bodyBytes + Counters.BYTES)
                .putString(method);
    }

    /** Lifetime counters every detector keeps across restarts. Owned by its detector. */
    static final class Counters {

        static final int BYTES = 4 * Long.BYTES + 1;

        long updates;
        long alarms;
        long lastAlarmUpdate;
        int lastAlarmDirection;
        long sinceRestart;

        void alarm(int direction) {
            alarms++;
            lastAlarmUpdate = updates;
            lastAlarmDirection = direction;
        }

        void write(StateEnvelope.Writer writer) {
            writer.putLong(updates).putLong(alarms).putLong(lastAlarmUpdate).putByte(lastAlarmDirection)
                    .putLong(sinceRestart);
        }

        static Counters read(StateEnvelope.Reader reader) {
            Counters counters = new Counters();
            counters.updates = reader.getLong();
            counters.alarms = reader.getLong();
            counters.lastAlarmUpdate = reader.getLong();
            counters.lastAlarmDirection = (byte) reader.getByte();
            counters.sinceRestart = reader.getLong();
            boolean consistent = counters.updates >= 0 && counters.alarms >= 0 && counters.alarms <= counters.updates
                    && counters.lastAlarmUpdate >= 0 && counters.lastAlarmUpdate <= counters.updates
                    && (counters.alarms == 0) == (counters.lastAlarmUpdate == 0)
                    && Math.abs(counters.lastAlarmDirection) <= 1
                    && (counters.alarms == 0) == (counters.lastAlarmDirection == 0)
                    && counters.sinceRestart >= 0 && counters.sinceRestart <= counters.updates;
            if (!consistent) {
                throw reader.malformed("counters are inconsistent: " + counters.updates + " updates, "
                        + counters.alarms + " alarms, last at " + counters.lastAlarmUpdate + " direction "
                        + counters.lastAlarmDirection + ", " + counters.sinceRestart + " since restart");
            }
            return counters;
        }
    }
}
