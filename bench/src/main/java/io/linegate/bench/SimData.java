package io.linegate.bench;

import io.linegate.sim.FleetGenerator;
import io.linegate.sim.LineTick;
import java.util.ArrayList;
import java.util.List;

/**
 * Ticks of one simulated line, as the sensors simulator makes them for a real run: the default
 * line {@code L1}, four sensors, seed 42. Shared by the benchmarks' {@code @Setup} methods only.
 */
final class SimData {

    /** The line every benchmark feeds. */
    static final String LINE = "L1";
    /** 2025-11-28T14:26:40Z, the simulator's usual start. */
    static final long START_MS = 1_764_340_000_000L;

    private SimData() {
    }

    /** {@code count} consecutive ticks of {@link #LINE}, {@code intervalMs} apart from {@link #START_MS}. */
    static List<LineTick> ticks(int count, long intervalMs) {
        FleetGenerator fleet = new FleetGenerator(1, "L", 42, 1.0);
        List<LineTick> ticks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ticks.add(fleet.tick(LINE, START_MS + i * intervalMs));
        }
        return ticks;
    }
}
