package io.linegate.gateway.pipeline;

import io.linegate.gateway.aggregate.LineWindow;
import io.linegate.gateway.aggregate.LineWindows;
import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.config.MissingConfig;
import io.linegate.gateway.forward.OutboundMessages;
import io.linegate.gateway.forward.UpstreamSink;
import io.linegate.gateway.model.LineModel;
import io.linegate.gateway.model.ModelPrediction;
import io.linegate.gateway.model.ModelSnapshot;
import io.linegate.gateway.observe.LineBoard;
import io.linegate.proto.Alert;
import io.linegate.proto.ModelSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger log = LoggerFactory.getLogger(LineState.class);

    private final String gatewayId;
    private final LineConfig config;
    private final LineWindows windows;
    private final LineLearner learner;
    /** Per feature, its last observed window value and that window's end (carry-forward); NaN before any. */
    private final double[] lastValues;
    private final long[] lastValueEndMs;
    private final UpstreamSink upstream;
    private final WorkerMetrics metrics;
    private final LineStore store;
    private final LineStore.Journal journal;
    private final LinePublication publication;
    private long nextSeq;
    private boolean dirty;
    private long nextCheckpointMs = Long.MIN_VALUE;
    /** When the last model summary was handed upstream; MIN_VALUE before the first. */
    private long lastSummaryMs = Long.MIN_VALUE;

    LineState(String gatewayId, String lineId, LineConfig config, LineLearner learner, long nextSeq,
              UpstreamSink upstream, WorkerMetrics metrics, LineStore store, LineStore.Journal journal,
              LineBoard board) {
        this.gatewayId = gatewayId;
        this.config = config;
        this.windows = new LineWindows(lineId, config);
        this.learner = learner;
        this.lastValues = new double[config.features().size()];
        this.lastValueEndMs = new long[config.features().size()];
        java.util.Arrays.fill(lastValues, Double.NaN);
        this.nextSeq = nextSeq;
        this.upstream = upstream;
        this.metrics = metrics;
        this.store = store;
        this.journal = journal;
        this.publication = new LinePublication(lineId, config, board);
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
            log.error("Journal write failed line={}", windows.lineId(), e);
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
            store.checkpoint(windows.lineId(), nextSeq - 1, learner.checkpoint(), journal);
            dirty = false;
        } catch (java.io.IOException | RuntimeException e) {
            metrics.stateErrors.increment();
            log.error("Checkpoint failed line={}", windows.lineId(), e);
        }
    }

    /** Checkpoints and closes the journal (clean shutdown). */
    void close() {
        checkpointIfDirty();
        journal.close();
    }

    /**
     * Runs one closed window through the learner (predict, score, watch for drift, learn) and
     * publishes the outcome: the Prediction, an Alert when drift was detected, and after
     * learning the ModelSummary.
     */
    void onWindowClosed(LineWindow window, long nowMs) {
        metrics.windowClosed(window.cause());
        boolean complete = window.allFeaturesPresent();
        double[] observed = complete ? window.features() : null;
        double[] x = observed;
        List<String> carried = List.of();
        if (!complete) {
            if (config.missing().policy() == MissingConfig.Policy.CARRY_FORWARD) {
                carried = new ArrayList<>();
                x = carryForward(window, carried);
            }
            (x == null ? metrics.windowsSkipped : metrics.windowsCarried).increment();
        }
        remember(window);
        boolean learnable = complete && window.targetPresent();
        double actual = window.targetPresent() ? window.target() : Double.NaN;
        long seq = nextSeq++;
        LineModel before = learner.model();
        LineLearner.Step step = learner.step(seq, x, learnable, actual);
        journal(seq, learnable ? observed : null, learnable ? actual : Double.NaN);
        upstream.publishPrediction(OutboundMessages.prediction(gatewayId, config.target(), seq, window,
                step.prediction(), learner.model().kind(), step.observationsBefore(), nowMs, step.anomaly(),
                carried));
        metrics.predictionEmitted(step.prediction().isPresent());
        if (step.anomaly()) {
            metrics.anomalies.increment();
        }
        step.alarm().ifPresent(alarm -> {
            metrics.driftAlarms.increment();
            if (learner.model() != before) {
                metrics.modelResets.increment();
            }
            Alert alert = OutboundMessages.driftAlert(gatewayId, window.lineId(), config.target(), seq,
                    window.endMs(), nowMs, alarm, config.drift().reaction().id());
            upstream.publishAlert(alert);
            publication.alarm(seq, nowMs, alert.getMessage(), alert.getDirection());
        });
        boolean summarized = step.learned() && summaryDue(nowMs, step.alarm().isPresent());
        if (summarized) {
            upstream.publishModel(summary(nowMs));
            lastSummaryMs = nowMs;
        }
        publication.windowClosed(seq, window, step, learner, nowMs, summarized || step.alarm().isPresent());
    }

    /** What the model predicts for {@code values}: the what-if question, asked on the line's worker. */
    Optional<ModelPrediction> whatIf(double[] values) {
        return learner.whatIf(values);
    }

    /**
     * Whether to publish the model summary now: the first one, one with every drift alarm, and
     * otherwise at most one per {@code summaryInterval}. Building and encoding a summary costs more
     * than the whole model step, and with short windows and many lines one per window would be
     * most of the gateway's work and upstream traffic.
     */
    private boolean summaryDue(long nowMs, boolean alarm) {
        long interval = config.model().summaryInterval().toMillis();
        return interval == 0 || alarm || lastSummaryMs == Long.MIN_VALUE || nowMs - lastSummaryMs >= interval
                || nowMs < lastSummaryMs;
    }

    /** The retained summary of this line now. */
    ModelSummary summary(long nowMs) {
        ModelSnapshot snapshot = learner.snapshot();
        return OutboundMessages.modelSummary(gatewayId, windows.lineId(), config.target(), snapshot, nextSeq - 1,
                nowMs, new OutboundMessages.Quality(learner.scores(), learner.influence(snapshot),
                        learner.driftState(), config.drift().reaction().id(), learner.forgetWindowsLeft(),
                        learner.lastAlarmSeq(), config.model().forgetting()));
    }

    /**
     * The window's features with each missing one replaced by its last observed value, if that
     * is at most {@code maxStaleness} old; null when one is missing for longer.
     */
    private double[] carryForward(LineWindow window, List<String> carried) {
        double[] x = window.features();
        long maxStalenessMs = config.missing().maxStaleness().toMillis();
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                if (Double.isNaN(lastValues[i]) || window.endMs() - lastValueEndMs[i] > maxStalenessMs) {
                    carried.clear();
                    return null;
                }
                x[i] = lastValues[i];
                carried.add(config.features().get(i));
            }
        }
        return x;
    }

    private void remember(LineWindow window) {
        for (int i = 0; i < lastValues.length; i++) {
            double v = window.feature(i);
            if (!Double.isNaN(v)) {
                lastValues[i] = v;
                lastValueEndMs[i] = window.endMs();
            }
        }
    }
}
