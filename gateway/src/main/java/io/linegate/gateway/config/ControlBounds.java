package io.linegate.gateway.config;

/**
 * A feature an operator can set, and the range it may be set in ({@code lines.<line>.controls.<feature>});
 * recommendations move only these features, within these bounds.
 *
 * @param min lowest allowed value, finite
 * @param max highest allowed value, finite, at least {@code min}
 */
public record ControlBounds(double min, double max) {

    public ControlBounds {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("min and max must be finite with min <= max. Found: min=" + min
                    + ", max=" + max);
        }
    }
}
