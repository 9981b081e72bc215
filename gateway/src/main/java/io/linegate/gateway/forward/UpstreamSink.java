package io.linegate.gateway.forward;

import io.linegate.proto.Alert;
import io.linegate.proto.DeadLetter;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;

/**
 * Where line workers and transports hand upstream messages. Implementations never block
 * and never throw on a full or disconnected upstream: they count what they could not take.
 */
public interface UpstreamSink {

    void publishPrediction(Prediction prediction);

    void publishModel(ModelSummary summary);

    void publishDeadLetter(DeadLetter deadLetter);

    /** An alert about a line, e.g. drift ({@code {prefix}/lines/{line}/alerts}). Line worker thread. */
    void publishAlert(Alert alert);

    /**
     * Runs {@code work}, in which this thread hands over several messages, and returns once all
     * of them are stored as durably as one would be alone. Implementations may share one disk
     * sync among them (windows that close together then cost one fsync, not one each). Line
     * worker thread. The default just runs it.
     */
    default void batch(Runnable work) {
        work.run();
    }
}
