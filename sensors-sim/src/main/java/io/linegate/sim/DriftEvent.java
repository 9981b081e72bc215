package io.linegate.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drifts that took effect on one line at one tick: the first tick whose offset from the
 * fleet's start reached their {@link Drift#at()}. Reported by {@link FleetGenerator} (and so
 * by {@link Fleet}) on the thread that generates the tick, before the tick is returned.
 * Immutable.
 *
 * @param lineId      line id
 * @param eventTimeMs event time of the first tick computed with the new truth, epoch milliseconds
 * @param sinceStart  that tick's offset from the fleet's start
 * @param drifts      the drifts that took effect, in the order applied (not empty)
 * @param before      the truth of the previous tick (without drifts)
 * @param after       the truth from this tick on, until the next drift (without drifts)
 */
public record DriftEvent(String lineId, long eventTimeMs, Duration sinceStart, List<Drift> drifts,
                         GroundTruth before, GroundTruth after) {

    public DriftEvent {
        Checks.requireId("lineId", lineId);
        Checks.requireNonNull("sinceStart", sinceStart);
        drifts = List.copyOf(Checks.requireNonNull("drifts", drifts));
        if (drifts.isEmpty()) {
            throw new IllegalArgumentException("drifts must not be empty");
        }
        Checks.requireNonNull("before", before);
        Checks.requireNonNull("after", after);
    }

    /**
     * For operators, e.g. {@code drift on L1 at 10m (event time 2025-11-28T14:10:00Z): speed +3 (4.512 -> 7.512)};
     * several drifts are separated by {@code ;}.
     */
    public String describe() {
        Map<String, Double> values = new HashMap<>(before.coefficients());
        values.put(Drift.INTERCEPT, before.intercept());
        List<String> changes = new ArrayList<>();
        for (Drift drift : drifts) {
            double from = values.get(drift.term());
            double to = drift.apply(from);
            values.put(drift.term(), to);
            changes.add(drift.term() + " " + drift.change() + " (" + GroundTruth.format(from) + " -> "
                    + GroundTruth.format(to) + ")");
        }
        return "drift on " + lineId + " at " + DurationText.format(sinceStart) + " (event time "
                + Instant.ofEpochMilli(eventTimeMs) + "): " + String.join("; ", changes);
    }
}
