package io.linegate.gateway.pipeline;

import io.linegate.gateway.aggregate.LineWindow;
import io.linegate.gateway.aggregate.LineWindows;
import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.forward.OutboundMessages;
import io.linegate.gateway.forward.UpstreamSink;
import io.linegate.gateway.model.LineModel;
import io.linegate.gateway.model.ModelPrediction;
import java.util.Optional;

/**
 * Everything the gateway knows about one line: its open windows, its model and the next
 * prediction {@code seq}. Runs the model step for each closed window in the order DESIGN
 * §3.3 prescribes: predict first (when every feature is present), then learn (when the
 * target was observed too), then hand the Prediction, and after learning the ModelSummary,
 * upstream.
 *
 * <p>Every closed window is journaled and the model checkpointed now and then
 * ({@link LineStore}), so a restart resumes the model and the {@code seq}.
 *
 * <p>Not thread-safe: owned by exactly one line worker.
 */
final class LineState {

    private final String gatewayId;
    private final LineConfig config;
    private final LineWindows windows;
    private final LineModel model;
    private final UpstreamSink upstream;
    private final WorkerMetrics metrics;
    private final LineStore store;
    private final LineStore.Journal journal;
    private long nextSeq;
    private boolean dirty;
    private long nextCheckpointMs = Long.MIN_VALUE;

    LineState(String gatewayId, String lineId, LineConfig config, LineModel model, long nextSeq, UpstreamSink upstream,
              WorkerMetrics metrics, LineStore store, LineStore.Journal journal) {
        this.gatewayId = gatewayId;
        this.config = config;
        this.windows = new LineWindows(lineId, config);
        this.model = model;
        this.nextSeq = nextSeq;
        this.upstream = upstream;
        this.metrics = metrics;
        this.store = store;
        this.journal = journal;
    }

    LineWindows windows() {
        return windows;
    }

    private void journal(long seq, double[] x, double target) {
        dirty = true;
        try {
            journal.append(seq, x, target);
        } catch (java.io.IOException e) {
            metrics.stateErrors.increment();
            org.slf4j.LoggerFactory.getLogger(LineState.class).error("Journal write failed line={}", windows.lineId(), e);
        }
    }

    /**
     * Checkpoints this line when its turn has come: every {@code intervalMs}, from a random first
     * turn within the first interval, so lines created or restored together do not all checkpoint
     * in the same tick of their worker. A wall clock that jumped back also counts as a turn.
     */
    void checkpointIfDue(long nowMs, long intervalMs) {
        if (nextCheckpointMs == Long.MIN_VALUE) {
            nextCheckpointMs = nowMs + java.util.concurrent.ThreadLocalRandom.current().nextLong(intervalMs + 1);
        }
        if (nowMs >= nextCheckpointMs || nextCheckpointMs - nowMs > intervalMs) {
            checkpointIfDirty();
            nextCheckpointMs = nowMs + intervalMs;
        }
    }

    /** Writes a checkpoint when windows closed since the last one. */
    void checkpointIfDirty() {
        if (!dirty) {
            return;
        }
        try {
            store.checkpoint(windows.lineId(), nextSeq - 1, model.checkpoint(), journal);
            dirty = false;
        } catch (java.io.IOException | RuntimeException e) {
            metrics.stateErrors.increment();
            org.slf4j.LoggerFactory.getLogger(LineState.class).error("Checkpoint failed line={}", windows.lineId(), e);
        }
    }

    /** Checkpoints and closes the journal (clean shutdown). */
    void close() {
        checkpointIfDirty();
        journal.close();
    }

    /** Runs predict-then-learn for one closed window and publishes the outcome. */
    void onWindowClosed(LineWindow window, long nowMs) {
        metrics.windowClosed(window.cause());
        boolean complete = window.allFeaturesPresent();
        double[] x = complete ? window.features() : null;
        long observationsBefore = model.observations();
        Optional<ModelPrediction> predicted = complete ? model.predict(x) : Optional.empty();
        boolean learned = false;
        if (complete && window.targetPresent()) {
            model.learn(x, window.target());
            learned = true;
        }
        long seq = nextSeq++;
        journal(seq, learned ? x : null, learned ? window.target() : Double.NaN);
        upstream.publishPrediction(OutboundMessages.prediction(gatewayId, config.target(), seq, window, predicted,
                model.kind(), observationsBefore, nowMs));
        metrics.predictionEmitted(predicted.isPresent());
        if (learned) {
            upstream.publishModel(OutboundMessages.modelSummary(gatewayId, window.lineId(), config.target(),
                    model.snapshot(), seq, nowMs));
        }
    }
}
