package io.linegate.sim;

import java.util.List;

/**
 * The sensor ids every simulated line publishes: three features and the target the
 * gateway learns, in the order they are generated and encoded.
 */
public final class SensorIds {

    /** Material feed into the line, roughly 50..150 (kg/h). */
    public static final String FEED = "feed";
    /** Equipment state: 1 running, 0 stopped. */
    public static final String STATE = "state";
    /** Line speed, roughly 1..3 (m/s). */
    public static final String SPEED = "speed";
    /** Line efficiency (%), the regression target. */
    public static final String EFFICIENCY = "efficiency";

    /** Feature sensor ids, in model order. */
    public static final List<String> FEATURES = List.of(FEED, STATE, SPEED);
    /** Target sensor id. */
    public static final String TARGET = EFFICIENCY;
    /** Every sensor of a line: the features, then the target. */
    public static final List<String> ALL = List.of(FEED, STATE, SPEED, EFFICIENCY);

    private SensorIds() {
    }
}
