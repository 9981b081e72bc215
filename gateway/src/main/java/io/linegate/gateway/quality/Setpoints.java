package io.linegate.gateway.quality;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What-if questions and setpoint recommendations on a fitted linear model
 * {@code target = intercept + Σ coefficient·feature}: what it predicts at given feature values,
 * which setpoint within bounds maximizes or minimizes the target, and which setpoint reaches a
 * target value while moving the controllable features as little as possible.
 *
 * <p>Only controllable features move, each within its {@code [min, max]}; the others stay at their
 * current values (and their bounds are not enforced). Distance is measured in fractions of each
 * controllable feature's range, √Σ((x − current) / (max − min))², so features in different units
 * weigh alike. The prediction interval of a recommendation is the model's business: ask it at
 * {@link Setpoint#values()}.
 *
 * <p>Immutable and thread-safe; built by whoever answers an operator's question, from a model
 * snapshot's coefficients.
 */
public final class Setpoints {

    /** Relative slack, against the size of the terms, within which a target counts as reached. */
    private static final double REACH_TOLERANCE = 1e-12;

    /**
     * One feature of the model.
     *
     * @param name         the feature's name
     * @param coefficient  its coefficient, finite
     * @param current      its current (or nominal) value, finite; may lie outside the bounds
     * @param min          lowest allowed setpoint, finite
     * @param max          highest allowed setpoint, finite, at least {@code min}; greater when
     *                     {@code controllable}
     * @param controllable whether a recommendation may move it
     */
    public record Feature(String name, double coefficient, double current, double min, double max,
                          boolean controllable) {

        public Feature {
            Objects.requireNonNull(name, "name");
            if (!Double.isFinite(coefficient)) {
                throw new IllegalArgumentException("coefficient of " + name + " must be finite (is the model"
                        + " identified?). Found: " + coefficient);
            }
            if (!Double.isFinite(current)) {
                throw new IllegalArgumentException("current value of " + name + " must be finite. Found: " + current);
            }
            if (!(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
                throw new IllegalArgumentException(
                        "bounds of " + name + " must be finite with min <= max. Found: [" + min + ", " + max + "]");
            }
            if (controllable && !(max > min)) {
                throw new IllegalArgumentException("bounds of " + name + " must have max > min, as it is controllable."
                        + " Found: [" + min + ", " + max + "]");
            }
        }

        double range() {
            return max - min;
        }
    }

    /**
     * The answer to {@link #reach}.
     *
     * @param target    the value asked for
     * @param reachable whether some setpoint within the bounds predicts exactly {@code target}
     * @param setpoint  the closest such setpoint; when unreachable, the setpoint of the achievable
     *                  value closest to {@code target} (that of {@link #maximize()} or {@link #minimize()})
     */
    public record Reach(double target, boolean reachable, Setpoint setpoint) {

        public Reach {
            Objects.requireNonNull(setpoint, "setpoint");
        }
    }

    private final double intercept;
    private final List<Feature> features;
    private final List<String> names;

    /**
     * @param intercept the model's intercept, finite (0 for a model without one)
     * @param features  the model's features, in the order of value arrays; names distinct
     * @throws IllegalArgumentException if a value is invalid; the message names it
     */
    public Setpoints(double intercept, List<Feature> features) {
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("intercept must be finite. Found: " + intercept);
        }
        this.features = List.copyOf(features);
        if (this.features.isEmpty()) {
            throw new IllegalArgumentException("features must name at least one feature. Found: []");
        }
        this.names = this.features.stream().map(Feature::name).toList();
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("feature names must be distinct. Found: " + names);
        }
        for (Feature f : this.features) {
            double step = f.coefficient() * f.range() * f.range();
            if (f.controllable() && f.coefficient() != 0 && !(Double.isFinite(step) && step != 0)) {
                throw new IllegalArgumentException("coefficient × range² of " + f.name()
                        + " must be a finite, nonzero double; rescale the feature. Found: " + step);
            }
        }
        this.intercept = intercept;
    }

    public List<Feature> features() {
        return features;
    }

    /**
     * What the model predicts at {@code values}, bounds not enforced.
     *
     * @param values one finite value per feature, in order
     * @throws IllegalArgumentException if the length is wrong or a value is not finite
     */
    public double predict(double[] values) {
        if (values.length != features.size()) {
            throw new IllegalArgumentException(
                    "values must have one value per feature (" + features.size() + "). Found: " + values.length);
        }
        double sum = intercept;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        "value of " + names.get(i) + " must be finite. Found: " + values[i]);
            }
            sum += features.get(i).coefficient() * values[i];
        }
        return sum;
    }

    /** The current values and what the model predicts there. */
    public Setpoint current() {
        return setpoint(features.stream().mapToDouble(Feature::current).toArray());
    }

    /**
     * The setpoint within bounds with the largest prediction: each controllable feature at the
     * bound its coefficient's sign favours; one with coefficient 0 stays at its current value
     * (brought within its bounds), as do fixed features.
     */
    public Setpoint maximize() {
        return extreme(1);
    }

    /** As {@link #maximize()}, for the smallest prediction. */
    public Setpoint minimize() {
        return extreme(-1);
    }

    /**
     * The setpoint within bounds that predicts {@code target} and is closest to the current
     * values: the unique minimizer of Σ((x − current) / range)² over controllable features subject
     * to the prediction equalling {@code target}, found exactly. By the KKT conditions each
     * controllable x is {@code clamp(current + μ·coefficient·range², min, max)} for one multiplier
     * μ, and the prediction is piecewise linear and nondecreasing in μ; the piece holding the
     * target is found among the breakpoints where features reach their bounds, then μ solves a
     * linear equation on it.
     *
     * @param target finite
     * @return the setpoint, or when no setpoint within bounds reaches {@code target}, the closest
     *         achievable one marked unreachable
     * @throws IllegalArgumentException if {@code target} is not finite
     */
    public Reach reach(double target) {
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException("target must be finite. Found: " + target);
        }
        Setpoint highest = maximize();
        Setpoint lowest = minimize();
        double slack = REACH_TOLERANCE * scale(target);
        if (target > highest.predicted()) {
            return new Reach(target, target - highest.predicted() <= slack, highest);
        }
        if (target < lowest.predicted()) {
            return new Reach(target, lowest.predicted() - target <= slack, lowest);
        }
        return new Reach(target, true, setpoint(solve(target)));
    }

    private double[] solve(double target) {
        int n = features.size();
        double[] x = base();
        // Breakpoints: where a moving feature reaches one of its bounds.
        double[] breakpoints = new double[2 * n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (moves(i)) {
                Feature f = features.get(i);
                double step = step(i);
                breakpoints[count++] = (f.min() - f.current()) / step;
                breakpoints[count++] = (f.max() - f.current()) / step;
            }
        }
        if (count == 0) {
            return x; // nothing moves the prediction, and reach() found the target equal to it
        }
        breakpoints = Arrays.copyOf(breakpoints, count);
        Arrays.sort(breakpoints);
        int above = 0;
        while (above < count && predict(at(breakpoints[above], x)) < target) {
            above++;
        }
        if (above == 0 || above == count) {
            // At an end of the reachable range (to rounding): every moving feature is at a bound.
            return at(breakpoints[above == 0 ? 0 : count - 1], x);
        }
        double from = breakpoints[above - 1];
        double to = breakpoints[above];
        double middle = from + (to - from) / 2;
        boolean[] free = new boolean[n];
        double freeSlope = 0;
        for (int i = 0; i < n; i++) {
            if (moves(i)) {
                Feature f = features.get(i);
                double unclamped = f.current() + middle * step(i);
                free[i] = f.min() < unclamped && unclamped < f.max();
                if (free[i]) {
                    freeSlope += f.coefficient() * step(i);
                }
            }
        }
        double[] solution = at(middle, x);
        if (freeSlope == 0) {
            return solution;
        }
        // On this piece the prediction is linear in μ: solve, then one more step for the rounding.
        double multiplier = middle;
        for (int pass = 0; pass < 2; pass++) {
            multiplier += (target - predict(solution)) / freeSlope;
            for (int i = 0; i < n; i++) {
                if (free[i]) {
                    Feature f = features.get(i);
                    solution[i] = clamp(f.current() + multiplier * step(i), f.min(), f.max());
                }
            }
        }
        return solution;
    }

    /** Controllable features at {@code clamp(current + μ·step)}, the rest from {@code base}. */
    private double[] at(double multiplier, double[] base) {
        double[] values = base.clone();
        for (int i = 0; i < values.length; i++) {
            if (moves(i)) {
                Feature f = features.get(i);
                values[i] = clamp(f.current() + multiplier * step(i), f.min(), f.max());
            }
        }
        return values;
    }

    private Setpoint extreme(int sign) {
        double[] values = base();
        for (int i = 0; i < values.length; i++) {
            if (moves(i)) {
                Feature f = features.get(i);
                values[i] = sign * f.coefficient() > 0 ? f.max() : f.min();
            }
        }
        return setpoint(values);
    }

    /** Fixed features at their current values, controllable ones at theirs brought within bounds. */
    private double[] base() {
        double[] values = new double[features.size()];
        for (int i = 0; i < values.length; i++) {
            Feature f = features.get(i);
            values[i] = f.controllable() ? clamp(f.current(), f.min(), f.max()) : f.current();
        }
        return values;
    }

    /** Whether feature {@code i} is controllable and moves the prediction. */
    private boolean moves(int i) {
        Feature f = features.get(i);
        return f.controllable() && f.coefficient() != 0;
    }

    /** dx/dμ of a free feature: coefficient·range², from the stationarity condition. */
    private double step(int i) {
        Feature f = features.get(i);
        return f.coefficient() * f.range() * f.range();
    }

    private Setpoint setpoint(double[] values) {
        double squares = 0;
        for (int i = 0; i < values.length; i++) {
            Feature f = features.get(i);
            if (f.controllable()) {
                double moved = (values[i] - f.current()) / f.range();
                squares += moved * moved;
            }
        }
        return new Setpoint(names, values, predict(values), Math.sqrt(squares));
    }

    /** The size of the terms of a prediction near {@code target}, against which rounding is judged. */
    private double scale(double target) {
        double scale = Math.abs(target) + Math.abs(intercept);
        for (Feature f : features) {
            double magnitude = Math.max(Math.abs(f.current()), Math.max(Math.abs(f.min()), Math.abs(f.max())));
            scale += Math.abs(f.coefficient()) * magnitude;
        }
        return scale;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
