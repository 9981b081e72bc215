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
}
