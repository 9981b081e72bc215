package io.linegate.gateway.quality;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A full feature vector recommended by {@link Setpoints}, with what the model's coefficients
 * predict there. The caller asks the model for the interval at {@link #values()}. Immutable: the
 * array is copied in and out.
 *
 * @param features  feature names, in the order of {@code values}
 * @param values    one value per feature: controllable ones as recommended, fixed ones as given
 * @param predicted intercept + Σ coefficient·value
 * @param distance  √Σ((value − current) / range)² over controllable features: how far, in
 *                  fractions of each feature's range, the recommendation moves from now
 */
public record Setpoint(List<String> features, double[] values, double predicted, double distance) {

    public Setpoint {
        features = List.copyOf(features);
        values = values.clone();
        if (values.length != features.size()) {
            throw new IllegalArgumentException(
                    "values must have one value per feature (" + features.size() + "). Found: " + values.length);
        }
    }

    /** A fresh copy of the values. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** The value of {@code feature}. */
    public double value(String feature) {
        int index = features.indexOf(feature);
        if (index < 0) {
            throw new IllegalArgumentException("feature must be one of " + features + ". Found: " + feature);
        }
        return values[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Setpoint that && features.equals(that.features) && Arrays.equals(values, that.values)
                && Double.compare(predicted, that.predicted) == 0 && Double.compare(distance, that.distance) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(features, Arrays.hashCode(values), predicted, distance);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Setpoint[");
        for (int i = 0; i < values.length; i++) {
            text.append(features.get(i)).append('=').append(values[i]).append(", ");
        }
        return text.append("predicted=").append(predicted).append(", distance=").append(distance).append(']')
                .toString();
    }
}
