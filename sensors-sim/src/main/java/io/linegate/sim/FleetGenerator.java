package io.linegate.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Generates the readings of a fleet of lines {@code <prefix>1 .. <prefix>N}, deterministically
 * from a seed: the same seed gives the same {@link GroundTruth}s and the same readings, and a
 * line's data does not depend on how many lines the fleet has.
 *
 * <p>A {@link Scenario} adds drifts, dropouts, stuck sensors and collinear features. Its
 * times are offsets from the fleet's start: the event time set by {@link #startAt(long)}, or
 * else the event time of the first tick of any line. Readings outside a scenario's effects
 * are the same as without it.
 *
 * <p>Pure: no I/O, no clock, no threads. Not thread-safe: one owner calls it (the
 * {@link Fleet}'s publisher thread, or a test).
 */
public final class FleetGenerator {

    private final Map<String, LineProcess> lines = new LinkedHashMap<>();
    private final List<String> lineIds;
    private final List<GroundTruth> truths;
    private long startEpochMs;
    private boolean started;
    private Consumer<DriftEvent> onDrift = event -> { };

    /**
     * A generator without a scenario.
     *
     * @param lines        number of lines, greater than 0
     * @param linePrefix   line ids are this prefix followed by 1..lines
     * @param seed         seed of every random draw
     * @param noiseStdDev  standard deviation of the Gaussian noise on each target value, &ge; 0
     */
    public FleetGenerator(int lines, String linePrefix, long seed, double noiseStdDev) {
        this(lines, linePrefix, seed, noiseStdDev, Scenario.NONE);
    }

    /**
     * @param lines        number of lines, greater than 0
     * @param linePrefix   line ids are this prefix followed by 1..lines
     * @param seed         seed of every random draw
     * @param noiseStdDev  standard deviation of the Gaussian noise on each target value, &ge; 0
     * @param scenario     drifts, dropouts, stuck sensors and collinear features; lines it names must exist
     */
    public FleetGenerator(int lines, String linePrefix, long seed, double noiseStdDev, Scenario scenario) {
        Checks.requirePositive("lines", lines);
        Checks.requireNonNull("linePrefix", linePrefix);
        Checks.requireNotNegativeFinite("noiseStdDev", noiseStdDev);
        Checks.requireNonNull("scenario", scenario);
        List<GroundTruth> truthList = new ArrayList<>(lines);
        for (int index = 0; index < lines; index++) {
            String lineId = Checks.requireId("line id", linePrefix + (index + 1));
            LineProcess process = new LineProcess(lineId, index, seed, noiseStdDev, scenario);
            this.lines.put(lineId, process);
            truthList.add(process.truth());
        }
        scenario.checkLines(linePrefix, lines);
        this.lineIds = List.copyOf(this.lines.keySet());
        this.truths = List.copyOf(truthList);
    }

    /** A generator for the lines, seed, noise and scenario of {@code config}. */
    public static FleetGenerator of(FleetConfig config) {
        return new FleetGenerator(config.lines(), config.linePrefix(), config.seed(), config.noiseStdDev(),
                config.scenario());
    }

    /**
     * Fixes the event time from which scenario offsets count, e.g. the start of an accelerated
     * run. Only before the first tick; without it the first tick's event time is the start.
     */
    public FleetGenerator startAt(long startEpochMs) {
        Checks.requireNotNegative("startEpochMs", startEpochMs);
        if (started) {
            throw new IllegalStateException("startAt must be called before the first tick (start is "
                    + this.startEpochMs + ")");
        }
        this.startEpochMs = startEpochMs;
        this.started = true;
        return this;
    }

    /** The event time from which scenario offsets count; empty until {@link #startAt(long)} or the first tick. */
    public OptionalLong startEpochMs() {
        return started ? OptionalLong.of(startEpochMs) : OptionalLong.empty();
    }

    /**
     * Tells {@code listener} about every {@link DriftEvent}, on the thread that calls
     * {@code tick}, before the first tick computed with the new truth is returned. Replaces
     * any previous listener. The listener should be quick and must not call this generator.
     */
    public FleetGenerator onDrift(Consumer<DriftEvent> listener) {
        this.onDrift = Checks.requireNonNull("listener", listener);
        return this;
    }

    /** Line ids, in order. */
    public List<String> lineIds() {
        return lineIds;
    }

    /** The truth of every line, in line order, with its drifts. */
    public List<GroundTruth> groundTruth() {
        return truths;
    }

    /** The truth of one line. */
    public GroundTruth groundTruth(String lineId) {
        return process(lineId).truth();
    }

    /** One tick of every line at {@code eventTimeMs}, in line order. */
    public List<LineTick> tick(long eventTimeMs) {
        List<LineTick> ticks = new ArrayList<>(lines.size());
        long sinceStartMs = sinceStartMs(eventTimeMs);
        for (LineProcess process : lines.values()) {
            ticks.add(process.next(eventTimeMs, sinceStartMs, onDrift));
        }
        return ticks;
    }

    /**
     * The next tick of one line at {@code eventTimeMs}; event time must not go backwards.
     * Each line advances on its own.
     */
    public LineTick tick(String lineId, long eventTimeMs) {
        LineProcess process = process(lineId);
        return process.next(eventTimeMs, sinceStartMs(eventTimeMs), onDrift);
    }

    private long sinceStartMs(long eventTimeMs) {
        if (!started && eventTimeMs >= 0) {
            startAt(eventTimeMs);
        }
        return eventTimeMs - startEpochMs;
    }

    /** How many ticks {@code lineId} has produced. */
    public long ticks(String lineId) {
        return process(lineId).ticks();
    }

    private LineProcess process(String lineId) {
        LineProcess process = lines.get(lineId);
        if (process == null) {
            throw new IllegalArgumentException("lineId must be one of " + lineIds + ". Found: " + lineId);
        }
        return process;
    }
}
