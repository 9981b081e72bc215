package io.linegate.gateway.pipeline;

/**
 * What {@link LineWorkers#offer} did with the readings of one message.
 *
 * @param queued     readings handed to the line's worker
 * @param duplicates readings dropped as {@code DUPLICATE} (their seq was accepted before)
 * @param overloaded true when the worker's queue was full and nothing was queued ({@code OVERLOADED})
 */
public record Admission(int queued, int duplicates, boolean overloaded) {

    public Admission {
        if (queued < 0 || duplicates < 0) {
            throw new IllegalArgumentException("counts must not be negative. Found: " + queued + ", " + duplicates);
        }
    }

    /** Whether every reading was a duplicate: nothing new, nothing lost (a retransmission). */
    public boolean onlyDuplicates() {
        return !overloaded && queued == 0 && duplicates > 0;
    }
}
