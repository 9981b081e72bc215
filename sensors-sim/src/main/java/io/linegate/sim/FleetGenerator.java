package io.linegate.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the readings of a fleet of lines {@code <prefix>1 .. <prefix>N}, deterministically
 * from a seed: the same seed gives the same {@link GroundTruth}s and the same readings, and a
 * line's data does not depend on how many lines the fleet has.
 *
 * <p>Pure: no I/O, no clock, no threads. Not thread-safe: one owner calls it (the
 * {@link Fleet}'s publisher thread, or a test).
 */
public final class FleetGenerator {

    private final Map<String, LineProcess> lines = new LinkedHashMap<>();
    private final List<String> lineIds;
    private final List<GroundTruth> truths;

    /**
     * @param lines        number of lines, greater than 0
     * @param linePrefix   line ids are this prefix followed by 1..lines
     * @param seed         seed of every random draw
     * @param noiseStdDev  standard deviation of the Gaussian noise on each target value, &ge; 0
     */
    public FleetGenerator(int lines, String linePrefix, long seed, double noiseStdDev) {
        Checks.requirePositive("lines", lines);
        Checks.requireNonNull("linePrefix", linePrefix);
        Checks.requireNotNegativeFinite("noiseStdDev", noiseStdDev);
        List<GroundTruth> truthList = new ArrayList<>(lines);
        for (int index = 0; index < lines; index++) {
            String lineId = Checks.requireId("line id", linePrefix + (index + 1));
            LineProcess process = new LineProcess(lineId, index, seed, noiseStdDev);
            this.lines.put(lineId, process);
            truthList.add(process.truth());
        }
        this.lineIds = List.copyOf(this.lines.keySet());
        this.truths = List.copyOf(truthList);
    }

    /** A generator for the lines, seed and noise of {@code config}. */
    public static FleetGenerator of(FleetConfig config) {
        return new FleetGenerator(config.lines(), config.linePrefix(), config.seed(), config.noiseStdDev());
    }

    /** Line ids, in order. */
    public List<String> lineIds() {
        return lineIds;
    }

    /** The truth of every line, in line order. */
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
        for (LineProcess process : lines.values()) {
            ticks.add(process.next(eventTimeMs));
        }
        return ticks;
    }

    /**
     * The next tick of one line at {@code eventTimeMs}; event time must not go backwards.
     * Each line advances on its own.
     */
    public LineTick tick(String lineId, long eventTimeMs) {
        return process(lineId).next(eventTimeMs);
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
