package io.linegate.sim.bench;

/** What a baseline receiver has counted so far. Any thread. */
interface ArrivalCounter {

    /** Messages received. */
    long messages();

    /** {@link System#nanoTime()} of the latest arrival; 0 before the first. */
    long lastArrivalNanos();
}
