package io.linegate.gateway.observe;

import java.util.List;
import java.util.Objects;

/**
 * Everything the operator surface shows of one line at one moment, built by the line's worker
 * after a closed window. Immutable: any thread may read it. Numbers that are undefined (NaN)
 * are null.
 *
 * @param line         the line id
 * @param target       the target's name
 * @param features     the features' names, in configured order (the what-if parameters)
 * @param model        the model's state after its last learn
 * @param counters     the line's counters since the gateway started
 * @param recent       the most recent windows, oldest first, at most {@link LineBoard#RECENT} of them
 * @param updatedAtMs  when the worker built this snapshot, epoch ms
 */
public record LineSnapshot(String line, String target, List<String> features, ModelView model, Counters counters,
                           List<PredictionPoint> recent, long updatedAtMs) {

    public LineSnapshot {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(target, "target");
        features = List.copyOf(features);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(counters, "counters");
        recent = List.copyOf(recent);
    }

    /** The newest window, or null before the first. */
    public PredictionPoint last() {
        return recent.isEmpty() ? null : recent.get(recent.size() - 1);
    }

    /** The newest {@code n} windows, oldest first. */
    public List<PredictionPoint> last(int n) {
        return recent.subList(Math.max(0, recent.size() - n), recent.size());
    }

    /**
     * The line's counters since the gateway started (not restored across restarts).
     *
     * @param windows     windows closed
     * @param predictions windows with a predicted value
     * @param anomalies   windows whose actual lay outside the interval
     * @param driftAlarms drift alarms raised
     */
    public record Counters(long windows, long predictions, long anomalies, long driftAlarms) {
    }

    /**
     * The line's model: its fit, how its honest predictions scored, what drives it, and drift.
     *
     * @param kind              {@code ols} or {@code rls}
     * @param observations      windows learned from
     * @param identified        whether every coefficient is identified (predictions are made)
     * @param rSquared          R² of the fit
     * @param adjustedRSquared  adjusted R²
     * @param rmse              residual standard error of the fit
     * @param coefficients      intercept first, then one per feature
     * @param aliased           names of aliased coefficients
     * @param scores            scores of the honest (predict-before-learn) predictions
     * @param influence         features by |standardized coefficient|, largest first
     * @param influenceSentence the top feature's influence said in a sentence, null before any
     * @param drift             the drift detector's status, null when detection is off
     */
    public record ModelView(String kind, long observations, boolean identified, Double rSquared,
                            Double adjustedRSquared, Double rmse, List<Coefficient> coefficients, List<String> aliased,
                            ScoresView scores, List<InfluenceView> influence, String influenceSentence,
                            DriftView drift) {

        public ModelView {
            coefficients = List.copyOf(coefficients);
            aliased = List.copyOf(aliased);
            influence = List.copyOf(influence);
        }
    }

    /** One coefficient; {@code name} is {@code intercept} or a feature's name. */
    public record Coefficient(String name, Double estimate, Double stdError, Double standardized, Double pValue,
                              boolean aliased) {
    }

    /** One feature's influence (see {@code quality.Influence.Entry}), with its sentence. */
    public record InfluenceView(String feature, int rank, Double standardized, Double stdError, Double lower,
                                Double upper, Double share, boolean identified, String text) {
    }

    /** Scores over the line's life and over its most recent {@code horizon} windows. */
    public record ScoresView(int horizon, Span lifetime, Span recent) {
    }

    /** Scores of one span of windows; residual = actual − predicted. */
    public record Span(long count, Double mae, Double rmse, Double rSquared, Double coverage, Double bias) {
    }

    /**
     * The drift detector's status.
     *
     * @param method          e.g. {@code cusum}
     * @param alarms          alarms in the detector's life
     * @param lastAlarmSeq    seq that raised the last alarm, 0 for none
     * @param lastDirection   +1 rising residuals, −1 falling, 0 none
     * @param armed           whether it may alarm now
     * @param statistic       the larger of its two statistics
     * @param threshold       an alarm is raised above this
     * @param reaction        the configured reaction
     * @param reactingWindows windows left of a reaction
     */
    public record DriftView(String method, long alarms, long lastAlarmSeq, int lastDirection, boolean armed,
                            Double statistic, Double threshold, String reaction, int reactingWindows) {
    }
}
