package io.linegate.gateway.model;

/**
 * Saved state that cannot be resumed: a checkpoint of a model, of a line's online scores or of a
 * drift detector (anything framed by {@link StateEnvelope}) that is missing, truncated or
 * corrupted, was written by a format version this build does not read, is inconsistent, or was
 * taken under another configuration (for a model: other features, feature order, intercept,
 * forgetting factor or model kind; for a detector: another method). The message names the state
 * and says which.
 *
 * <p>Thrown by the {@code restore} methods ({@link OlsModel#restore}, {@link RlsModel#restore},
 * {@code OnlineScores.restore}, {@code DriftDetector.restore}) on the line worker that restores
 * the state. The caller is expected to log it and start that piece of the line's state from zero;
 * a checkpoint is never partly applied.
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
