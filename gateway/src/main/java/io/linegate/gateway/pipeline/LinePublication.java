package io.linegate.gateway.pipeline;

import static io.linegate.gateway.observe.PredictionPoint.finite;

import io.linegate.gateway.aggregate.LineWindow;
import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.model.ModelPrediction;
import io.linegate.gateway.model.ModelSnapshot;
import io.linegate.gateway.observe.AlertEvent;
import io.linegate.gateway.observe.LineBoard;
import io.linegate.gateway.observe.LineSnapshot;
import io.linegate.gateway.observe.PredictionPoint;
import io.linegate.gateway.quality.DriftState;
import io.linegate.gateway.quality.Influence;
import io.linegate.gateway.quality.Scores;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one line's closed windows into the immutable {@link LineSnapshot}s the operator surface
 * reads, and publishes them on the {@link LineBoard}: keeps the line's recent windows (a
 * bounded ring) and counters, and the model's view as of its last learn.
 *
 * <p>Not thread-safe: owned by the line's {@link LineState}, on the line's worker.
 */
final class LinePublication {

    private final String lineId;
    private final LineConfig config;
    private final LineBoard board;
    private final ArrayDeque<PredictionPoint> recent = new ArrayDeque<>();
    private LineSnapshot.ModelView model;
    private long windows;
    private long predictions;
    private long anomalies;
    private long driftAlarms;

    LinePublication(String lineId, LineConfig config, LineBoard board) {
        this.lineId = lineId;
        this.config = config;
        this.board = board;
    }

    /**
     * Publishes the window just run through the learner.
     *
     * @param learner      the learner after the window
     * @param modelChanged whether to rebuild the model's view: when the line published its model
     *                     summary (at most every {@code summaryInterval}) or raised an alarm; the
     *                     view costs as much as a summary, so not on every window
     */
    void windowClosed(long seq, LineWindow window, LineLearner.Step step, LineLearner learner, long nowMs,
                      boolean modelChanged) {
        windows++;
        Optional<ModelPrediction> p = step.prediction();
        if (p.isPresent()) {
            predictions++;
        }
        if (step.anomaly()) {
            anomalies++;
        }
        PredictionPoint point = new PredictionPoint(seq, window.endMs(), nowMs,
                p.map(ModelPrediction::value).orElse(null), p.map(ModelPrediction::lower).orElse(null),
                p.map(ModelPrediction::upper).orElse(null),
                window.targetPresent() ? finite(window.target()) : null, step.anomaly());
        if (recent.size() == LineBoard.RECENT) {
            recent.removeFirst();
        }
        recent.addLast(point);
        if (model == null || modelChanged) {
            model = modelView(learner);
        }
        board.publish(new LineSnapshot(lineId, config.target(), config.features(), model,
                new LineSnapshot.Counters(windows, predictions, anomalies, driftAlarms), new ArrayList<>(recent),
                nowMs), step.learned());
    }

    /** Publishes a drift alert; call before {@link #windowClosed} of the same window. */
    void alarm(long seq, long nowMs, String message, int direction) {
        driftAlarms++;
        board.alert(new AlertEvent(lineId, "drift", seq, nowMs, direction, message));
    }

    private LineSnapshot.ModelView modelView(LineLearner learner) {
        ModelSnapshot s = learner.snapshot();
        List<LineSnapshot.Coefficient> coefficients = new ArrayList<>();
        for (ModelSnapshot.Coefficient c : s.coefficients()) {
            coefficients.add(new LineSnapshot.Coefficient(c.name(), finite(c.estimate()), finite(c.standardError()),
                    finite(c.standardized()), finite(c.pValue()), c.aliased()));
        }
        List<LineSnapshot.InfluenceView> influence = new ArrayList<>();
        for (Influence.Entry e : learner.influence(s)) {
            influence.add(new LineSnapshot.InfluenceView(e.feature(), e.rank(), finite(e.standardized()),
                    finite(e.standardError()), finite(e.lower()), finite(e.upper()), finite(e.share()),
                    e.identified(), e.plainText()));
        }
        Scores scores = learner.scores();
        LineSnapshot.DriftView drift = learner.driftState().map(d -> driftView(d, learner)).orElse(null);
        return new LineSnapshot.ModelView(s.kind(), s.observations(), s.identified(), finite(s.rSquared()),
                finite(s.adjustedRSquared()), finite(s.residualStdError()), coefficients, s.aliased(),
                new LineSnapshot.ScoresView(scores.horizon(), span(scores.lifetime()), span(scores.recent())),
                influence, influence.isEmpty() ? null : influence.get(0).text(), drift);
    }

    private LineSnapshot.DriftView driftView(DriftState d, LineLearner learner) {
        return new LineSnapshot.DriftView(d.method(), d.alarms(), learner.lastAlarmSeq(),
                d.alarms() == 0 ? 0 : d.lastAlarmDirection(), d.armed(), finite(Math.max(d.upper(), d.lower())),
                finite(d.threshold()), config.drift().reaction().id(), learner.forgetWindowsLeft());
    }

    private static LineSnapshot.Span span(Scores.Span s) {
        return new LineSnapshot.Span(s.count(), finite(s.meanAbsoluteError()), finite(s.rootMeanSquaredError()),
                finite(s.rSquared()), finite(s.coverage()), finite(s.meanBias()));
    }
}
