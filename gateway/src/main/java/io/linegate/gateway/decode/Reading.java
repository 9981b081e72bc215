package io.linegate.gateway.decode;

/**
 * One accepted sensor value of one line.
 *
 * <p>Created by a decoder on a transport callback thread, then owned by the line
 * worker it is routed to. Immutable.
 *
 * @param lineId   line id, already checked against {@link Ids#isValid(CharSequence)}
 * @param sensorId sensor id, already checked against {@link Ids#isValid(CharSequence)}
 * @param value    finite value
 * @param tsMs     event time, epoch milliseconds (arrival time when the payload had none)
 * @param seq      sender's sequence number, or {@link #NO_SEQ}
 */
public record Reading(String lineId, String sensorId, double value, long tsMs, long seq) {

    /** Marks a reading whose payload carried no sequence number. */
    public static final long NO_SEQ = -1L;

    public Reading {
        if (!Ids.isValid(lineId)) {
            throw new IllegalArgumentException("lineId must match " + Ids.PATTERN_TEXT + ". Found: " + lineId);
        }
        if (!Ids.isValid(sensorId)) {
            throw new IllegalArgumentException("sensorId must match " + Ids.PATTERN_TEXT + ". Found: " + sensorId);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite. Found: " + value);
        }
    }
}
