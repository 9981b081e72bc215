package io.linegate.sim.bench;

/** A benchmark phase could not run (broker or gateway did not start, a child died); the message says which and why. */
public final class BenchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
