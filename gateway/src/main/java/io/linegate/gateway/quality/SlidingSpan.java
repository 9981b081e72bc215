package io.linegate.gateway.quality;

/**
 * The summary of exactly the last {@code capacity} scored predictions, in O(1) amortized time per
 * prediction and O(1) per query, without ever subtracting a prediction that leaves the window.
 *
 * <p>The predictions live in a ring buffer, split like the two stacks of a queue: the oldest
 * {@code frontCount} form the <em>front</em>, each slot of which carries the summary of itself and
 * every newer front prediction; the rest form the <em>back</em>, summarized by one running merge.
 * Evicting the oldest prediction just steps past its slot. When the front runs empty, the whole
 * window becomes the front and its suffix summaries are rebuilt in one O(capacity) pass, once per
 * {@code capacity} evictions. The window's summary is the front head's merged with the back's.
 *
 * <p>Summaries hold the actuals less a {@code shift}, a recent mean of the window chosen afresh at
 * every rebuild (when every summary is recomputed anyway): the means merged are then of the order
 * of the actuals' spread, not of their level, and lose no digits to it.
 *
 * <p>Every summary is a function of the predictions it covers, the shift and where the front
 * ends, so a window rebuilt from those (see {@link #restore}) computes bit for bit what the
 * original would have. Owned by {@link OnlineScores}; not thread-safe.
 */
final class SlidingSpan {

    private final int capacity;
    private final double[] residuals;
    private final double[] actuals;
    private final boolean[] inside;
    private final SpanSummary[] suffix;
    private final SpanSummary back = new SpanSummary();
    private final SpanSummary one = new SpanSummary();
    /** Subtracted from every actual before it enters a summary. */
    private double shift;
    /** Ring slot of the oldest prediction. */
    private int head;
    private int size;
    private int frontCount;

    SlidingSpan(int capacity) {
        this.capacity = capacity;
        this.residuals = new double[capacity];
        this.actuals = new double[capacity];
        this.inside = new boolean[capacity];
        this.suffix = new SpanSummary[capacity];
        for (int i = 0; i < capacity; i++) {
            suffix[i] = new SpanSummary();
        }
    }

    /**
     * A window holding {@code residuals[i], actuals[i], inside[i]}, oldest first, whose oldest
     * {@code frontCount} predictions form the front, summarized less {@code shift}.
     */
    static SlidingSpan restore(int capacity, double[] residuals, double[] actuals, boolean[] inside, int frontCount,
            double shift) {
        SlidingSpan span = new SlidingSpan(capacity);
        span.shift = shift;
        int size = residuals.length;
        System.arraycopy(residuals, 0, span.residuals, 0, size);
        System.arraycopy(actuals, 0, span.actuals, 0, size);
        System.arraycopy(inside, 0, span.inside, 0, size);
        span.size = size;
        span.rebuildFront(frontCount);
        for (int i = frontCount; i < size; i++) {
            span.one.setTo(residuals[i], actuals[i] - shift, inside[i]);
            span.back.setToMerge(span.back, span.one);
        }
        return span;
    }

    void add(double residual, double actual, boolean covered) {
        if (size == capacity) {
            evictOldest();
        }
        if (size == 0) {
            shift = actual;
        }
        int slot = slot(size);
        residuals[slot] = residual;
        actuals[slot] = actual;
        inside[slot] = covered;
        size++;
        one.setTo(residual, actual - shift, covered);
        back.setToMerge(back, one);
    }

    /** Writes the summary of the window into {@code result}. */
    void summarize(SpanSummary result) {
        if (frontCount == 0) {
            result.copy(back);
        } else {
            result.setToMerge(suffix[head], back);
        }
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return size;
    }

    int frontCount() {
        return frontCount;
    }

    double shift() {
        return shift;
    }

    /** The {@code age}-th oldest prediction's residual (0 = oldest). */
    double residual(int age) {
        return residuals[slot(age)];
    }

    double actual(int age) {
        return actuals[slot(age)];
    }

    boolean inside(int age) {
        return inside[slot(age)];
    }

    private void evictOldest() {
        if (frontCount == 0) {
            // Every prediction is in the back now, so the back's mean is the window's.
            shift += back.actualMean;
            rebuildFront(size);
            back.clear();
        }
        head = slot(1);
        size--;
        frontCount--;
    }

    /** Makes the oldest {@code count} predictions the front and computes their suffix summaries. */
    private void rebuildFront(int count) {
        frontCount = count;
        for (int age = count - 1; age >= 0; age--) {
            int slot = slot(age);
            SpanSummary summary = suffix[slot];
            summary.setTo(residuals[slot], actuals[slot] - shift, inside[slot]);
            if (age < count - 1) {
                summary.setToMerge(summary, suffix[slot(age + 1)]);
            }
        }
    }

    private int slot(int age) {
        int slot = head + age;
        return slot >= capacity ? slot - capacity : slot;
    }
}
