package io.linegate.gateway.model;

import java.util.Optional;

/**
 * An online regression model of one line: target explained by the line's features.
 *
 * <p>Not thread-safe. Each instance is owned by the single line worker that owns the line
 * (DESIGN §2); it is never touched by another thread.
 *
 * <p>Callers follow predict-then-learn (DESIGN §3.3): a window's prediction is made before
 * the model learns from that window, so predictions are honest and can be scored online.
 */
public interface LineModel {

    /** Model kind as configured and published, e.g. {@code "ols"}. */
    String kind();

    /** Number of features (not counting the intercept). */
    int featureCount();

    /** Number of observations learned so far. */
    long observations();

    /**
     * Predicts the target for {@code features}, or empty while the model cannot make an
     * honest prediction (too few observations, or coefficients not identifiable).
     *
     * @param features one finite value per feature, in configured order
     */
    Optional<ModelPrediction> predict(double[] features);

    /**
     * Learns one observation.
     *
     * @param features one finite value per feature, in configured order
     * @param target   finite observed target
     */
    void learn(double[] features, double target);

    /** The current coefficients and fit statistics. */
    ModelSnapshot snapshot();

    /**
     * The model's whole state as bytes, from which the same kind restores a model that
     * predicts and learns identically.
     */
    byte[] checkpoint();
}
