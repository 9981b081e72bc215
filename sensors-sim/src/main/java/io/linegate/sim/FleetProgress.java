package io.linegate.sim;

import java.time.Duration;

/**
 * A consistent-enough snapshot of a {@link Fleet}'s counters (each read atomically, not all
 * together). Immutable.
 *
 * @param ticks             ticks completed per line
 * @param publishedMessages messages acknowledged (QoS 1) or written (QoS 0)
 * @param publishedReadings readings in those messages
 * @param failedMessages    messages that could not be published
 * @param inFlight          messages handed to the client and not finished yet
 * @param elapsed           time since the fleet started, frozen when it completed
 * @param done              whether {@link Fleet#completion()} is done
 */
public record FleetProgress(long ticks, long publishedMessages, long publishedReadings, long failedMessages,
                            int inFlight, Duration elapsed, boolean done) {

    public FleetProgress {
        Checks.requireNonNull("elapsed", elapsed);
    }
}
