package io.linegate.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
 * <p>A {@link Scenario} changes the process without changing its random draws, so the
 * readings outside a scenario's effects are those of the plain process: {@link Drift}s
 * change the coefficients the target is computed with, {@link Collinear} features replace
 * drawn ones (their noise comes from a stream of its own), and {@link SensorFaults} decide
 * what the sensors publish.
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
    private final SimRandom scenarioNoise;
    private final List<Collinear> collinear;
    private final SensorFaults faults;
    /** The truth in effect: {@link #truth} with the first {@link #driftsApplied} drifts. */
    private GroundTruth current;
    private int driftsApplied;
    private double bFeed;
    private double bState;
    private double bSpeed;

    private double feedLevel;
    private double speedLevel;
    private boolean running;
    private long seq;
    private long lastTsMs = Long.MIN_VALUE;

    LineProcess(String lineId, int lineIndex, long fleetSeed, double noiseStdDev, Scenario scenario) {
        SimRandom truthRandom = SimRandom.of(fleetSeed, lineIndex, SimRandom.Stream.TRUTH);
        // Rounded so that the printed table is the exact truth.
        double intercept = round(truthRandom.uniform(20, 40), 3);
        double feedCoefficient = round(truthRandom.uniform(0.05, 0.30), 4);
        double stateCoefficient = round(truthRandom.uniform(5, 20), 3);
        double speedCoefficient = round(truthRandom.uniform(2, 8), 3);
        Map<String, Double> coefficients = new LinkedHashMap<>();
        coefficients.put(SensorIds.FEED, feedCoefficient);
        coefficients.put(SensorIds.STATE, stateCoefficient);
        coefficients.put(SensorIds.SPEED, speedCoefficient);
        List<Drift> drifts = scenario.drifts().stream().filter(d -> d.appliesTo(lineId)).toList();
        truth = new GroundTruth(lineId, intercept, coefficients, noiseStdDev, drifts);
        use(truth.at(Duration.ofNanos(-1)));
        this.features = SimRandom.of(fleetSeed, lineIndex, SimRandom.Stream.FEATURES);
        this.noise = SimRandom.of(fleetSeed, lineIndex, SimRandom.Stream.NOISE);
        this.scenarioNoise = SimRandom.of(fleetSeed, lineIndex, SimRandom.Stream.SCENARIO);
        this.collinear = scenario.collinear().stream().filter(c -> c.appliesTo(lineId)).toList();
        this.faults = new SensorFaults(lineId, scenario);
    }

    GroundTruth truth() {
        return truth;
    }

    long ticks() {
        return seq;
    }

    /**
     * The next tick.
     *
     * @param tsMs         event time, not before the previous tick's
     * @param sinceStartMs event time offset from the fleet's start, for the scenario
     * @param onDrift      told when drifts take effect at this tick, before it is computed
     */
    LineTick next(long tsMs, long sinceStartMs, Consumer<DriftEvent> onDrift) {
        if (tsMs < lastTsMs) {
            throw new IllegalArgumentException("eventTimeMs must not go backwards on line " + truth.lineId()
                    + " (last " + lastTsMs + "). Found: " + tsMs);
        }
        Checks.requireNotNegative("eventTimeMs", tsMs);
        lastTsMs = tsMs;
        boolean first = seq == 0;
        seq++;
        Duration sinceStart = Duration.ofMillis(sinceStartMs);
        applyDueDrifts(tsMs, sinceStart, onDrift);

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
        double[] x = {
            round(clamp(feedLevel + FEED_JITTER * features.gaussian(), FEED_MIN, FEED_MAX), 2),
            running ? 1 : 0,
            round(clamp(speedLevel + SPEED_JITTER * features.gaussian(), SPEED_MIN, SPEED_MAX), 3)};
        for (Collinear relation : collinear) {
            double value = relation.value(x[SensorIds.FEATURES.indexOf(relation.source())]);
            if (relation.noiseStdDev() > 0) {
                value += relation.noiseStdDev() * scenarioNoise.gaussian();
            }
            x[SensorIds.FEATURES.indexOf(relation.feature())] = value;
        }
        double efficiency = current.intercept() + bFeed * x[0] + bState * x[1] + bSpeed * x[2]
                + truth.noiseStdDev() * noise.gaussian();
        efficiency = round(efficiency, 3);

        String line = truth.lineId();
        double[] measured = {x[0], x[1], x[2], efficiency};
        return new LineTick(line, tsMs, seq, faults.publish(line, tsMs, seq, sinceStart, measured));
    }

    private void applyDueDrifts(long tsMs, Duration sinceStart, Consumer<DriftEvent> onDrift) {
        List<Drift> drifts = truth.drifts();
        int due = driftsApplied;
        while (due < drifts.size() && drifts.get(due).at().compareTo(sinceStart) <= 0) {
            due++;
        }
        if (due == driftsApplied) {
            return;
        }
        GroundTruth before = current;
        use(truth.at(sinceStart));
        DriftEvent event = new DriftEvent(truth.lineId(), tsMs, sinceStart, drifts.subList(driftsApplied, due),
                before, current);
        driftsApplied = due;
        onDrift.accept(event);
    }

    private void use(GroundTruth inEffect) {
        current = inEffect;
        bFeed = inEffect.coefficient(SensorIds.FEED);
        bState = inEffect.coefficient(SensorIds.STATE);
        bSpeed = inEffect.coefficient(SensorIds.SPEED);
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
