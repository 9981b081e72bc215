package io.linegate.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readings of one line at one instant: one per sensor of {@link SensorIds#ALL}, in that
 * order, sharing the event time and sequence number. Immutable. A sensor in a
 * {@link Dropout} has no reading, so a tick may carry fewer (even none).
 *
 * @param lineId   line id
 * @param tsMs     event time of every reading, epoch milliseconds
 * @param seq      tick number of this line, from 1 (also each reading's seq)
 * @param readings the readings (copied)
 */
public record LineTick(String lineId, long tsMs, long seq, List<SimReading> readings) {

    public LineTick {
        Checks.requireId("lineId", lineId);
        readings = List.copyOf(Checks.requireNonNull("readings", readings));
        for (SimReading reading : readings) {
            if (!reading.lineId().equals(lineId) || reading.tsMs() != tsMs || reading.seq() != seq) {
                throw new IllegalArgumentException("readings must belong to line " + lineId + ", ts " + tsMs
                        + " and seq " + seq + ". Found: " + reading);
            }
        }
    }

    /** Whether this tick carries a reading of {@code sensorId} (false during its {@link Dropout}). */
    public boolean has(String sensorId) {
        for (SimReading reading : readings) {
            if (reading.sensorId().equals(sensorId)) {
                return true;
            }
        }
        return false;
    }

    /** The value of {@code sensorId}; throws if this tick has no such reading. */
    public double value(String sensorId) {
        for (SimReading reading : readings) {
            if (reading.sensorId().equals(sensorId)) {
                return reading.value();
            }
        }
        throw new IllegalArgumentException("sensorId must be one of the tick's sensors. Found: " + sensorId);
    }

    /** Feature sensor id to value, in model order; throws if a feature has no reading (a {@link Dropout}). */
    public Map<String, Double> features() {
        Map<String, Double> features = new LinkedHashMap<>();
        for (String feature : SensorIds.FEATURES) {
            features.put(feature, value(feature));
        }
        return features;
    }
}
