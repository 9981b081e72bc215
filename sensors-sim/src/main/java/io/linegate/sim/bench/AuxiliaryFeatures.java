package io.linegate.sim.bench;

import io.linegate.sim.LineTick;
import io.linegate.sim.SensorIds;
import io.linegate.sim.SimReading;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Extra feature sensors ({@code aux1}, {@code aux2}, ...) for benchmarks of wider models: the
 * simulated lines have three features, and a line with eight needs five more. Each auxiliary
 * value moves in regimes like the simulated features (a level in 0..100 redrawn with
 * probability 0.1 per tick, plus a little jitter), so window means vary and the model stays
 * well conditioned; the target does not depend on them (true coefficient 0). Deterministic per
 * seed and line. Not thread-safe: owned by the load's thread.
 */
final class AuxiliaryFeatures {

    private static final String PREFIX = "aux";
    private static final double REGIME_CHANGE = 0.10;
    private static final double JITTER = 1.0;

    private final int count;
    private final SplittableRandom[] random;
    private final double[][] level;

    /**
     * @param count auxiliary features per line, 0 or more
     * @param seed  the load's seed
     * @param lines lines of the load
     */
    AuxiliaryFeatures(int count, long seed, int lines) {
        this.count = count;
        this.random = new SplittableRandom[count == 0 ? 0 : lines];
        this.level = new double[count == 0 ? 0 : lines][count];
        for (int line = 0; line < random.length; line++) {
            random[line] = new SplittableRandom(seed * 1_000_003L + line);
            for (int j = 0; j < count; j++) {
                level[line][j] = random[line].nextDouble(100);
            }
        }
    }

    /** The feature ids of a line with {@code features} features: the simulated ones, then {@code aux1..}. */
    static List<String> featureIds(int features) {
        List<String> ids = new ArrayList<>(SensorIds.FEATURES);
        for (int j = 1; j <= features - SensorIds.FEATURES.size(); j++) {
            ids.add(PREFIX + j);
        }
        return List.copyOf(ids);
    }

    /** {@code tick} with this line's auxiliary readings added after its own (the same tick when there are none). */
    LineTick extend(int lineIndex, LineTick tick) {
        if (count == 0) {
            return tick;
        }
        SplittableRandom r = random[lineIndex];
        double[] levels = level[lineIndex];
        List<SimReading> readings = new ArrayList<>(tick.readings().size() + count);
        readings.addAll(tick.readings());
        for (int j = 0; j < count; j++) {
            if (r.nextDouble() < REGIME_CHANGE) {
                levels[j] = r.nextDouble(100);
            }
            double value = levels[j] + JITTER * (r.nextDouble() * 2 - 1);
            readings.add(new SimReading(tick.lineId(), PREFIX + (j + 1), value, tick.tsMs(), tick.seq()));
        }
        return new LineTick(tick.lineId(), tick.tsMs(), tick.seq(), readings);
    }
}
