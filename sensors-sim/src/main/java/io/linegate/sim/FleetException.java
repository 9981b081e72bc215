package io.linegate.sim;

/**
 * A fleet could not connect to its broker, or finished with messages that were not
 * delivered. The message says which and why, fit for an operator.
 */
public class FleetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FleetException(String message) {
        super(message);
    }

    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
