package io.linegate.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stochastic process of one line: draws the line's {@link GroundTruth} once, then one
 * tick at a time produces features and the target computed from them.
 *
 * <p>The features move in regimes (a level held for a random number of ticks, then redrawn)
 * plus a little per-tick jitter, and the equipment state is a two-state Markov chain. So a
 * mean over a window of many ticks still varies a lot from window to window, and a
 * regression of window-mean efficiency on window-mean features stays well conditioned
 * for windows of a few to a few hundred ticks. Independent iid draws per tick would average
 * out to nearly constant window means.
 *
 * <p>Not thread-safe: owned by the {@link FleetGenerator} that created it.
 */
final class LineProcess {

    static final double FEED_MIN = 50;
    static final double FEED_MAX = 150;
    static final double SPEED_MIN = 1;
    static final double SPEED_MAX = 3;

    /** Per-tick probability that the feed level is redrawn (mean regime: 10 ticks). */
    private static final double FEED_REGIME_CHANGE = 0.10;
    /** Per-tick probability that the speed level is redrawn (mean regime: 12 ticks). */
    private static final double SPEED_REGIME_CHANGE = 1.0 / 12;
    /** Running -> stopped per tick; with {@link #START} the line runs 70 % of the time. */
    private static final double STOP = 0.05;
    private static final double START = STOP * 0.7 / 0.3;
    private static final double FEED_JITTER = 3.0;
    private static final double SPEED_JITTER = 0.05;

    private final GroundTruth truth;
    private final SimRandom features;
    private final SimRandom noise;
    private final double bFeed;
    private final double bState;
    private final double bSpeed;

    private double feedLevel;
    private double speedLevel;
    private boolean running;
    private long seq;
    private long lastTsMs = Long.MIN_VALUE;

    LineProcess(String lineId, int lineIndex, long fleetSeed, double noiseStdDev) {
        SimRandom truthRandom = SimRandom.of(fleetSeed, lineIndex, SimRandom.Stream.TRUTH);
        // Rounded so that the printed table is the exact truth.
        double intercept = round(truthRandom.uniform(20, 40), 3);
        bFeed = round(truthRandom.uniform(0.05, 0.30), 4);
        bState = round(truthRandom.uniform(5, 20), 3);
        bSpeed = round(truthRandom.uniform(2, 8), 3);
        Map<String, Double> coefficients = new LinkedHashMap<>();
        coefficients.put(SensorIds.FEED, bFeed);
        coefficients.put(SensorIds.STATE, bState);
        coefficients.put(SensorIds.SPEED, bSpeed);
        truth = new GroundTruth(lineId, intercept, coefficients, noiseStdDev);
        this.features = SimRandom.of(fleetSeed, lineIndex, SimRandom.Stream.FEATURES);
        this.noise = SimRandom.of(fleetSeed, lineIndex, SimRandom.Stream.NOISE);
    }

    GroundTruth truth() {
        return truth;
    }

    long ticks() {
        return seq;
    }

    LineTick next(long tsMs) {
        if (tsMs < lastTsMs) {
            throw new IllegalArgumentException("eventTimeMs must not go backwards on line " + truth.lineId()
                    + " (last " + lastTsMs + "). Found: " + tsMs);
        }
        Checks.requireNotNegative("eventTimeMs", tsMs);
        lastTsMs = tsMs;
        boolean first = seq == 0;
        seq++;

        if (first || features.chance(FEED_REGIME_CHANGE)) {
            feedLevel = features.uniform(FEED_MIN + 10, FEED_MAX - 10);
        }
        if (first) {
            running = features.chance(0.7);
        } else if (running ? features.chance(STOP) : features.chance(START)) {
            running = !running;
        }
        if (first || features.chance(SPEED_REGIME_CHANGE)) {
            speedLevel = features.uniform(SPEED_MIN + 0.2, SPEED_MAX - 0.2);
        }
        double feed = round(clamp(feedLevel + FEED_JITTER * features.gaussian(), FEED_MIN, FEED_MAX), 2);
        double state = running ? 1 : 0;
        double speed = round(clamp(speedLevel + SPEED_JITTER * features.gaussian(), SPEED_MIN, SPEED_MAX), 3);
        double efficiency = truth.intercept() + bFeed * feed + bState * state + bSpeed * speed
                + truth.noiseStdDev() * noise.gaussian();
        efficiency = round(efficiency, 3);

        String line = truth.lineId();
        return new LineTick(line, tsMs, seq, List.of(
                new SimReading(line, SensorIds.FEED, feed, tsMs, seq),
                new SimReading(line, SensorIds.STATE, state, tsMs, seq),
                new SimReading(line, SensorIds.SPEED, speed, tsMs, seq),
                new SimReading(line, SensorIds.EFFICIENCY, efficiency, tsMs, seq)));
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
