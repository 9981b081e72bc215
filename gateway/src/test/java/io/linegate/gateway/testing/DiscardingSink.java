package io.linegate.gateway.testing;

import io.linegate.gateway.forward.UpstreamSink;
import io.linegate.proto.Alert;
import io.linegate.proto.DeadLetter;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;

/** An upstream that takes everything and keeps nothing, for tests that look elsewhere. */
public final class DiscardingSink implements UpstreamSink {

    @Override
    public void publishPrediction(Prediction prediction) {
    }

    @Override
    public void publishModel(ModelSummary summary) {
    }

    @Override
    public void publishDeadLetter(DeadLetter deadLetter) {
    }

    @Override
    public void publishAlert(Alert alert) {
    }
}
