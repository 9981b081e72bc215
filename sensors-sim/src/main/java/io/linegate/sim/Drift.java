package io.linegate.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A change of one true coefficient (or of the intercept) at an event time offset from the
 * fleet's start: from the first tick whose offset is at least {@code at}, the target is
 * computed with the changed value. The features themselves do not change. Immutable.
 *
 * <p>Text form ({@link #parse(String)}, {@link #describe()}): {@code at=10m, speed=+3.0} adds
 * 3.0 to the coefficient of speed in effect at that time, {@code at=10m, speed=-1.5}
 * subtracts 1.5 and {@code at=10m, speed==2.0} sets it to 2.0 (the value of the key
 * {@code speed} is {@code =2.0}). A bare number ({@code speed=2.0}) is rejected: it would be
 * unclear whether it is a change or a new value. An optional {@code line=L1} limits the
 * drift to one line; several terms in one spec give several drifts at the same time; specs
 * are separated by {@code ;}. Drifts of one term at the same time apply in the order given.
 *
 * @param lineId line the drift applies to; null = every line
 * @param at     event time offset from the fleet's start, &ge; 0
 * @param term   a feature of {@link SensorIds#FEATURES} or {@link #INTERCEPT}
 * @param mode   whether {@code amount} is added or set
 * @param amount the change (for {@link Mode#ADD}) or the new value (for {@link Mode#SET}), finite
 */
public record Drift(String lineId, Duration at, String term, Mode mode, double amount) {

    /** The term name of the intercept. */
    public static final String INTERCEPT = "intercept";
    /** Every term a drift may change: the features, then the intercept. */
    public static final List<String> TERMS = List.of(SensorIds.FEED, SensorIds.STATE, SensorIds.SPEED, INTERCEPT);

    private static final String EXAMPLE = "at=10m, speed=+3.0";

    /** How {@link #amount()} changes the term. */
    public enum Mode {
        /** {@code +3.0} or {@code -1.5}: the amount is added to the value in effect. */
        ADD,
        /** {@code =2.0}: the term is set to the amount. */
        SET
    }

    public Drift {
        if (lineId != null) {
            Checks.requireId("drift line", lineId);
        }
        Checks.requireNotNegative("drift at", at);
        Checks.requireNonNull("drift term", term);
        if (!TERMS.contains(term)) {
            throw new IllegalArgumentException("drift term must be one of " + TERMS + ". Found: " + term);
        }
        Checks.requireNonNull("drift mode", mode);
        Checks.requireFinite("drift amount", amount);
    }

    /** Adds {@code delta} to {@code term} from {@code at} on, on every line. */
    public static Drift add(Duration at, String term, double delta) {
        return new Drift(null, at, term, Mode.ADD, delta);
    }

    /** Sets {@code term} to {@code value} from {@code at} on, on every line. */
    public static Drift set(Duration at, String term, double value) {
        return new Drift(null, at, term, Mode.SET, value);
    }

    /** This drift limited to one line. */
    public Drift onLine(String lineId) {
        return new Drift(Checks.requireNonNull("drift line", lineId), at, term, mode, amount);
    }

    /** Whether this drift changes {@code lineId}'s truth. */
    public boolean appliesTo(String lineId) {
        return this.lineId == null || this.lineId.equals(lineId);
    }

    /** The value of the term after this drift, given the value before. */
    public double apply(double before) {
        return mode == Mode.SET ? amount : before + amount;
    }

    /** The change alone: {@code +3}, {@code -1.5} or {@code =2}. */
    public String change() {
        if (mode == Mode.SET) {
            return "=" + PayloadEncoder.number(amount);
        }
        return (amount < 0 || (amount == 0 && 1 / amount < 0) ? "" : "+") + PayloadEncoder.number(amount);
    }

    /** The text form, which {@link #parse(String)} reads back: e.g. {@code line=L1, at=10m, speed=+3}. */
    public String describe() {
        return ScenarioText.linePart(lineId) + "at=" + DurationText.format(at) + ", " + term + "=" + change();
    }

    /**
     * Parses drift specs, e.g. {@code "at=10m, speed=+3.0"}, {@code "line=L1, at=10m, intercept=+5"},
     * {@code "at=5m, feed==0.2; at=20m, feed=-0.05, state=+2"}.
     *
     * @throws IllegalArgumentException naming the bad part, e.g. {@code "drift speed must be +X (add),
     *         -X (subtract) or =X (set), e.g. +3.0. Found: 3 (in 'at=1m, speed=3')"}
     */
    public static List<Drift> parse(String text) {
        return ScenarioText.parse("drift", text, EXAMPLE, Drift::parseSpec);
    }

    private static List<Drift> parseSpec(ScenarioText.Spec spec) {
        List<String> keys = new ArrayList<>(List.of("line", "at"));
        keys.addAll(TERMS);
        ScenarioText.requireKeys(spec, keys);
        String line = spec.line();
        spec.require("at", EXAMPLE);
        Duration at = spec.duration("at");
        List<Drift> drifts = new ArrayList<>();
        for (String term : spec.parts().keySet()) {
            if (!TERMS.contains(term)) {
                continue;
            }
            String change = spec.get(term);
            Mode mode = change.startsWith("=") ? Mode.SET : Mode.ADD;
            String amount = mode == Mode.SET ? change.substring(1).trim() : change;
            boolean signed = change.startsWith("+") || change.startsWith("-");
            Double value = ScenarioText.number(amount);
            if (value == null || (mode == Mode.ADD && !signed)) {
                throw spec.invalid(term, "be +X (add), -X (subtract) or =X (set), e.g. +3.0", change.isEmpty() ? "''" : change);
            }
            try {
                drifts.add(new Drift(line, at, term, mode, value));
            } catch (IllegalArgumentException e) {
                throw spec.rejected(e);
            }
        }
        if (drifts.isEmpty()) {
            throw new IllegalArgumentException("drift needs a change such as speed=+3.0, feed=-0.05 or intercept==30"
                    + " (terms " + String.join(", ", TERMS) + "). Found: '" + spec.text() + "'");
        }
        return drifts;
    }
}
