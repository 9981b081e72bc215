package io.linegate.sim;

import java.time.Duration;
import java.util.List;

/**
 * A sensor that publishes nothing for a span of event time, e.g. a disconnected transmitter.
 * The process goes on meanwhile: the target is still computed from the true feature values,
 * and the other sensors publish as usual. Immutable.
 *
 * <p>Text form ({@link #parse(String)}, {@link #describe()}): {@code sensor=speed, from=5m, for=2m},
 * optionally with {@code line=L1}; specs separated by {@code ;}.
 *
 * @param lineId   line the dropout applies to; null = every line
 * @param sensorId one of {@link SensorIds#ALL} (the target may drop out too)
 * @param from     event time offset from the fleet's start at which the sensor goes silent, &ge; 0
 * @param length   how long it stays silent, &gt; 0; it publishes again from {@code from + length}
 */
public record Dropout(String lineId, String sensorId, Duration from, Duration length) {

    public Dropout {
        SensorSpan.check("dropout", lineId, sensorId, from, length);
    }

    /** {@code sensorId} silent from {@code from} for {@code length}, on every line. */
    public static Dropout of(String sensorId, Duration from, Duration length) {
        return new Dropout(null, sensorId, from, length);
    }

    /** This dropout limited to one line. */
    public Dropout onLine(String lineId) {
        return new Dropout(Checks.requireNonNull("dropout line", lineId), sensorId, from, length);
    }

    /** Whether this dropout silences {@code lineId}'s sensors. */
    public boolean appliesTo(String lineId) {
        return this.lineId == null || this.lineId.equals(lineId);
    }

    /** Whether the offset {@code sinceStart} falls in {@code [from, from + length)}. */
    public boolean covers(Duration sinceStart) {
        return SensorSpan.covers(from, length, sinceStart);
    }

    /** The text form, which {@link #parse(String)} reads back: e.g. {@code sensor=speed, from=5m, for=2m}. */
    public String describe() {
        return SensorSpan.describe(lineId, sensorId, from, length);
    }

    /**
     * Parses dropout specs, e.g. {@code "sensor=speed, from=5m, for=2m; line=L2, sensor=feed, from=1m, for=30s"}.
     *
     * @throws IllegalArgumentException naming the bad part, e.g.
     *         {@code "dropout sensor must be one of feed, state, speed, efficiency. Found: temp (in '...')"}
     */
    public static List<Dropout> parse(String text) {
        return ScenarioText.parse("dropout", text, SensorSpan.EXAMPLE, spec -> ScenarioText.span(spec, Dropout::new));
    }
}
