package io.linegate.gateway.quality;

/**
 * Sufficient statistics of a span of scored predictions, mergeable without subtraction: counts,
 * sums of |residual|, residual² and residual, and the actuals' mean and sum of squared deviations
 * (merged by the pairwise formula of Chan, Golub and LeVeque, so a large mean next to a small
 * spread costs no digits). {@link SlidingSpan} builds sliding-window figures only by merging
 * these, never by subtracting what leaves the window, so nothing cancels catastrophically.
 *
 * <p>Mutable scratch state of the owning {@link OnlineScores}; not thread-safe.
 */
final class SpanSummary {

    long count;
    long covered;
    double sumAbsolute;
    double sumSquares;
    double sumResiduals;
    double actualMean;
    double actualSumSquaredDeviations;

    void clear() {
        count = 0;
        covered = 0;
        sumAbsolute = 0;
        sumSquares = 0;
        sumResiduals = 0;
        actualMean = 0;
        actualSumSquaredDeviations = 0;
    }

    /** This span becomes the one prediction. */
    void setTo(double residual, double actual, boolean inside) {
        count = 1;
        covered = inside ? 1 : 0;
        sumAbsolute = Math.abs(residual);
        sumSquares = residual * residual;
        sumResiduals = residual;
        actualMean = actual;
        actualSumSquaredDeviations = 0;
    }

    /** This span becomes {@code older} followed by {@code newer}; either may be this one. */
    void setToMerge(SpanSummary older, SpanSummary newer) {
        if (newer.count == 0) {
            copy(older);
            return;
        }
        if (older.count == 0) {
            copy(newer);
            return;
        }
        long n = older.count + newer.count;
        double delta = newer.actualMean - older.actualMean;
        double newerShare = (double) newer.count / n;
        double mean = older.actualMean + delta * newerShare;
        double m2 = older.actualSumSquaredDeviations + newer.actualSumSquaredDeviations
                + delta * delta * older.count * newerShare;
        covered = older.covered + newer.covered;
        sumAbsolute = older.sumAbsolute + newer.sumAbsolute;
        sumSquares = older.sumSquares + newer.sumSquares;
        sumResiduals = older.sumResiduals + newer.sumResiduals;
        actualMean = mean;
        actualSumSquaredDeviations = m2;
        count = n;
    }

    Scores.Span toSpan() {
        return Scores.Span.of(count, sumAbsolute, sumSquares, sumResiduals, covered, actualSumSquaredDeviations);
    }

    void copy(SpanSummary other) {
        if (other == this) {
            return;
        }
        count = other.count;
        covered = other.covered;
        sumAbsolute = other.sumAbsolute;
        sumSquares = other.sumSquares;
        sumResiduals = other.sumResiduals;
        actualMean = other.actualMean;
        actualSumSquaredDeviations = other.actualSumSquaredDeviations;
    }
}
