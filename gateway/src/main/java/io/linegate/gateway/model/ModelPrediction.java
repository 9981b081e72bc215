package io.linegate.gateway.model;

/**
 * A point prediction with its interval for a new observation.
 *
 * @param value        predicted target
 * @param lower        lower bound of the prediction interval
 * @param upper        upper bound of the prediction interval
 * @param level        coverage level of the interval, e.g. 0.95
 * @param observations observations the model had learned from when it predicted
 */
public record ModelPrediction(double value, double lower, double upper, double level, long observations) {

    public ModelPrediction {
        if (!(lower <= value && value <= upper)) {
            throw new IllegalArgumentException(
                    "interval must contain the value. Found: " + lower + " <= " + value + " <= " + upper);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1). Found: " + level);
        }
    }
}
