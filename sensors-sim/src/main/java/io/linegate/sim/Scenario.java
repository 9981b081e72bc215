package io.linegate.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What a fleet does besides following its ground truth: {@link Drift}s of the true
 * coefficients, sensor {@link Dropout}s, {@link Stuck} sensors and {@link Collinear} features.
 * Part of {@link FleetConfig}; the default is {@link #NONE}. Every time is an event time
 * offset from the fleet's start (its first tick, see {@link FleetGenerator#startEpochMs()}).
 * Immutable; the lists are copied and keep their order.
 *
 * @param drifts    coefficient drifts, in the order given (the order matters only for drifts
 *                  of one term at the same time)
 * @param dropouts  sensors that go silent for a span
 * @param stuck     sensors that repeat their last value for a span
 * @param collinear features derived from other features; per line each feature is derived at
 *                  most once, and never from a feature that is itself derived
 */
public record Scenario(List<Drift> drifts, List<Dropout> dropouts, List<Stuck> stuck, List<Collinear> collinear) {

    /** Entries of each kind at most, so a scenario stays small whatever its source. */
    public static final int MAX_ENTRIES = 1000;
    /** No drifts, dropouts, stuck sensors or collinear features. */
    public static final Scenario NONE = new Scenario(List.of(), List.of(), List.of(), List.of());

    public Scenario {
        drifts = copy("drifts", drifts);
        dropouts = copy("dropouts", dropouts);
        stuck = copy("stuck", stuck);
        collinear = copy("collinear", collinear);
        for (int i = 0; i < collinear.size(); i++) {
            for (int j = 0; j < i; j++) {
                checkPair(collinear.get(j), collinear.get(i));
            }
        }
    }

    /** True when the fleet just follows its ground truth. */
    public boolean isEmpty() {
        return drifts.isEmpty() && dropouts.isEmpty() && stuck.isEmpty() && collinear.isEmpty();
    }

    /** This scenario with one more drift. */
    public Scenario with(Drift drift) {
        return new Scenario(plus(drifts, Checks.requireNonNull("drift", drift)), dropouts, stuck, collinear);
    }

    /** This scenario with one more dropout. */
    public Scenario with(Dropout dropout) {
        return new Scenario(drifts, plus(dropouts, Checks.requireNonNull("dropout", dropout)), stuck, collinear);
    }

    /** This scenario with one more stuck sensor. */
    public Scenario with(Stuck fault) {
        return new Scenario(drifts, dropouts, plus(stuck, Checks.requireNonNull("stuck", fault)), collinear);
    }

    /** This scenario with one more collinear feature. */
    public Scenario with(Collinear relation) {
        return new Scenario(drifts, dropouts, stuck, plus(collinear, Checks.requireNonNull("collinear", relation)));
    }

    /**
     * One line per entry: its kind and text form, e.g. {@code drift at=10m, speed=+3} (every
     * line) or {@code dropout line=L1, sensor=speed, from=5m, for=2m}; empty for {@link #NONE}.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        drifts.forEach(d -> lines.add("drift " + d.describe()));
        dropouts.forEach(d -> lines.add("dropout " + d.describe()));
        stuck.forEach(s -> lines.add("stuck " + s.describe()));
        collinear.forEach(c -> lines.add("collinear " + c.describe()));
        return lines;
    }

    /**
     * Fails when an entry names a line that is not one of {@code <linePrefix>1 .. <linePrefix><lines>}.
     * Called by {@link FleetConfig} and {@link FleetGenerator}, which know the lines.
     */
    void checkLines(String linePrefix, int lines) {
        drifts.forEach(d -> checkLine("drift", d.lineId(), linePrefix, lines));
        dropouts.forEach(d -> checkLine("dropout", d.lineId(), linePrefix, lines));
        stuck.forEach(s -> checkLine("stuck", s.lineId(), linePrefix, lines));
        collinear.forEach(c -> checkLine("collinear", c.lineId(), linePrefix, lines));
    }

    private static void checkLine(String kind, String lineId, String linePrefix, int lines) {
        if (lineId == null) {
            return;
        }
        String number = lineId.startsWith(linePrefix) ? lineId.substring(linePrefix.length()) : "";
        boolean known = number.matches("[1-9][0-9]{0,8}") && Integer.parseInt(number) <= lines;
        if (!known) {
            String range = lines == 1 ? linePrefix + "1" : linePrefix + "1.." + linePrefix + lines;
            throw new IllegalArgumentException(kind + " line must be one of " + range + ". Found: " + lineId);
        }
    }

    private static void checkPair(Collinear first, Collinear second) {
        if (!first.overlaps(second)) {
            return;
        }
        if (first.feature().equals(second.feature())) {
            throw new IllegalArgumentException("collinear feature must be derived once per line. Found: "
                    + first.describe() + " and " + second.describe());
        }
        if (first.feature().equals(second.source()) || second.feature().equals(first.source())) {
            throw new IllegalArgumentException("collinear source must not itself be derived (no chains). Found: "
                    + first.describe() + " and " + second.describe());
        }
    }

    private static <T> List<T> copy(String name, List<T> entries) {
        List<T> copy = List.copyOf(Checks.requireNonNull(name, entries));
        if (copy.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(name + " must have at most " + MAX_ENTRIES + " entries. Found: "
                    + copy.size());
        }
        return copy;
    }

    private static <T> List<T> plus(List<T> entries, T entry) {
        List<T> longer = new ArrayList<>(entries);
        longer.add(entry);
        return longer;
    }
}
