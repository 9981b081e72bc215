package io.linegate.sim;

import java.time.Duration;
import java.util.List;

/**
 * A sensor that repeats its last value for a span of event time, e.g. a frozen transmitter.
 * "Last value" is what the sensor measured at the tick before the span (at the fleet's first
 * tick, when the span starts there); every tick in the span publishes exactly that value.
 * The process goes on meanwhile: the target is still computed from the true feature values.
 * A {@link Dropout} of the same sensor wins where both apply. Immutable.
 *
 * <p>Text form ({@link #parse(String)}, {@link #describe()}): {@code sensor=feed, from=5m, for=2m},
 * optionally with {@code line=L1}; specs separated by {@code ;}.
 *
 * @param lineId   line the fault applies to; null = every line
 * @param sensorId one of {@link SensorIds#ALL} (the target may be stuck too)
 * @param from     event time offset from the fleet's start at which the value freezes, &ge; 0
 * @param length   how long it stays frozen, &gt; 0; it follows the process again from {@code from + length}
 */
public record Stuck(String lineId, String sensorId, Duration from, Duration length) {

    public Stuck {
        SensorSpan.check("stuck", lineId, sensorId, from, length);
    }

    /** {@code sensorId} frozen from {@code from} for {@code length}, on every line. */
    public static Stuck of(String sensorId, Duration from, Duration length) {
        return new Stuck(null, sensorId, from, length);
    }

    /** This fault limited to one line. */
    public Stuck onLine(String lineId) {
        return new Stuck(Checks.requireNonNull("stuck line", lineId), sensorId, from, length);
    }

    /** Whether this fault freezes {@code lineId}'s sensor. */
    public boolean appliesTo(String lineId) {
        return this.lineId == null || this.lineId.equals(lineId);
    }

    /** Whether the offset {@code sinceStart} falls in {@code [from, from + length)}. */
    public boolean covers(Duration sinceStart) {
        return SensorSpan.covers(from, length, sinceStart);
    }

    /** The text form, which {@link #parse(String)} reads back: e.g. {@code sensor=feed, from=5m, for=2m}. */
    public String describe() {
        return SensorSpan.describe(lineId, sensorId, from, length);
    }

    /**
     * Parses stuck-sensor specs, e.g. {@code "sensor=feed, from=5m, for=2m"}.
     *
     * @throws IllegalArgumentException naming the bad part, e.g.
     *         {@code "stuck for must be greater than 0. Found: 0 (in 'sensor=feed, from=5m, for=0')"}
     */
    public static List<Stuck> parse(String text) {
        return ScenarioText.parse("stuck", text, SensorSpan.EXAMPLE, spec -> ScenarioText.span(spec, Stuck::new));
    }
}
