package io.linegate.gateway.quality;

import java.util.Objects;

/**
 * How well a line's honest predictions matched the actuals, as published: once over the line's
 * whole life and once over its most recent windows. Produced by {@link OnlineScores#scores()};
 * immutable, so it may be handed to any thread.
 *
 * @param horizon  windows the {@code recent} span covers once that many were scored
 * @param lifetime every prediction scored in the scores' life, checkpoints and restores included
 * @param recent   exactly the last {@code min(horizon, lifetime.count())} predictions
 */
public record Scores(int horizon, Span lifetime, Span recent) {

    public Scores {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be greater than 0. Found: " + horizon);
        }
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(recent, "recent");
    }

    /**
     * Scores of one span of windows. Every figure is NaN while {@code count} is 0; residuals are
     * {@code actual − predicted}.
     *
     * @param count                predictions scored in the span
     * @param meanAbsoluteError    mean |residual|
     * @param rootMeanSquaredError √(mean residual²)
     * @param rSquared             1 − Σresidual² / Σ(actual − mean actual)², the mean taken over
     *                             the span; NaN with fewer than two predictions or constant actuals.
     *                             Negative when the predictions do worse than that mean would have.
     * @param coverage             fraction of actuals inside their prediction interval, bounds included
     * @param meanBias             mean residual: positive when the model predicts too low
     */
    public record Span(long count, double meanAbsoluteError, double rootMeanSquaredError, double rSquared,
                       double coverage, double meanBias) {

        public Span {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative. Found: " + count);
            }
        }

        static Span of(long count, double sumAbsolute, double sumSquares, double sumResiduals, long covered,
                double actualSumSquaredDeviations) {
            if (count == 0) {
                return new Span(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double rSquared = count < 2 || !(actualSumSquaredDeviations > 0)
                    ? Double.NaN
                    : 1 - sumSquares / actualSumSquaredDeviations;
            return new Span(count, sumAbsolute / count, Math.sqrt(sumSquares / count), rSquared,
                    (double) covered / count, sumResiduals / count);
        }
    }
}
