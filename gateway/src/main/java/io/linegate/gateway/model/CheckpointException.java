package io.linegate.gateway.model;

/**
 * A model checkpoint that cannot be resumed: it is truncated or corrupted, was written by a
 * format version this build does not read, or was taken from a model configured differently
 * (other features, feature order, intercept, forgetting factor or model kind). The message says
 * which.
 *
 * <p>Thrown by {@link OlsModel#restore} and {@link RlsModel#restore} on the line worker that restores the model. The caller
 * is expected to log it and start that line's model from zero; the checkpoint itself is never
 * partly applied.
 */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
