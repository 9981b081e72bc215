package io.linegate.sim;

/**
 * One generated sensor value, exactly as it is published.
 *
 * @param lineId   line id, {@code [A-Za-z0-9_.-]{1,64}}
 * @param sensorId sensor id, one of {@link SensorIds#ALL}
 * @param value    finite value
 * @param tsMs     event time, epoch milliseconds
 * @param seq      per-sensor sequence number, from 1, increasing by 1 per tick
 */
public record SimReading(String lineId, String sensorId, double value, long tsMs, long seq) {

    public SimReading {
        Checks.requireId("lineId", lineId);
        Checks.requireId("sensorId", sensorId);
        Checks.requireFinite("value", value);
        Checks.requireNotNegative("tsMs", tsMs);
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be greater than 0. Found: " + seq);
        }
    }
}
