package io.linegate.sim;

import java.time.Duration;

/** Checks and text shared by {@link Dropout} and {@link Stuck}, which differ only in what the sensor does. */
final class SensorSpan {

    static final String EXAMPLE = "sensor=speed, from=5m, for=2m";
    /** Bounds spans so that {@code from + length} cannot overflow. */
    static final Duration MAX_OFFSET = Duration.ofDays(365_000);

    private SensorSpan() {
    }

    static void check(String kind, String lineId, String sensorId, Duration from, Duration length) {
        if (lineId != null) {
            Checks.requireId(kind + " line", lineId);
        }
        Checks.requireNonNull(kind + " sensor", sensorId);
        if (!SensorIds.ALL.contains(sensorId)) {
            throw new IllegalArgumentException(kind + " sensor must be one of " + SensorIds.ALL + ". Found: " + sensorId);
        }
        Checks.requireNotNegative(kind + " from", from);
        Checks.requirePositive(kind + " for", length);
        if (from.compareTo(MAX_OFFSET) > 0 || length.compareTo(MAX_OFFSET) > 0) {
            throw new IllegalArgumentException(kind + " from and for must be at most " + MAX_OFFSET.toDays()
                    + " days. Found: " + from + ", " + length);
        }
    }

    static boolean covers(Duration from, Duration length, Duration sinceStart) {
        return sinceStart.compareTo(from) >= 0 && sinceStart.compareTo(from.plus(length)) < 0;
    }

    static String describe(String lineId, String sensorId, Duration from, Duration length) {
        return ScenarioText.linePart(lineId) + "sensor=" + sensorId + ", from=" + DurationText.format(from)
                + ", for=" + DurationText.format(length);
    }
}
