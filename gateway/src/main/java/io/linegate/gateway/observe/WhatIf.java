package io.linegate.gateway.observe;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Asks a line's model what it predicts for given feature values, on the thread that owns the
 * line (the model is not thread-safe). Implemented by the line workers.
 */
public interface WhatIf {

    /**
     * The model's prediction for {@code values} (one per feature, in configured order). Never
     * blocks the caller.
     *
     * @return completes on the line's worker thread: empty while the model cannot predict;
     *         exceptionally with {@link java.util.NoSuchElementException} for a line the gateway
     *         does not own, or with {@link java.util.concurrent.RejectedExecutionException} at
     *         once when the worker has too many questions waiting
     */
    CompletableFuture<Optional<Answer>> whatIf(String line, double[] values);

    /**
     * A prediction with its interval.
     *
     * @param value        predicted target
     * @param lower        lower end of the prediction interval
     * @param upper        upper end
     * @param level        the interval's coverage, e.g. 0.95
     * @param observations windows the model had learned from
     */
    record Answer(double value, double lower, double upper, double level, long observations) {
    }

    /** Knows no line: every question ends in {@link java.util.NoSuchElementException}. */
    WhatIf NONE = (line, values) -> CompletableFuture.failedFuture(new java.util.NoSuchElementException(line));
}
