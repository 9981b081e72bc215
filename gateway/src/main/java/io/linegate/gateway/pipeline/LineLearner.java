package io.linegate.gateway.pipeline;

import io.linegate.gateway.config.ControlBounds;
import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.model.CheckpointException;
import io.linegate.gateway.model.LineModel;
import io.linegate.gateway.model.ModelPrediction;
import io.linegate.gateway.model.ModelSnapshot;
import io.linegate.gateway.model.RlsModel;
import io.linegate.gateway.quality.DriftConfig;
import io.linegate.gateway.quality.DriftDetector;
import io.linegate.gateway.quality.DriftState;
import io.linegate.gateway.quality.Influence;
import io.linegate.gateway.quality.OnlineScores;
import io.linegate.gateway.quality.Scores;
import io.linegate.gateway.quality.Setpoint;
import io.linegate.gateway.quality.Setpoints;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * What one line has learned and how far it can be trusted: its model, the scores of its honest
 * predictions, the change detector on their residuals, and the reaction to an alarm.
 *
 * <p>{@link #step} takes one closed window through DESIGN §3.3's order: predict, then (for a
 * window the model learns from) score the prediction against the observed target, feed its
 * residual to the drift detector, react to an alarm, and learn. Scores and drift see exactly
 * the windows the model learns from, so the whole state is a deterministic function of the
 * checkpoint and the journaled windows: restoring a {@link #checkpoint()} and replaying the
 * journal through {@link #step} gives back the state as it was, bit for bit.
 *
 * <p>Reactions to an alarm: {@code none} reports it; {@code reset} starts the model from zero
 * (scores and the seq go on); {@code forget} (kind {@code rls} only) discounts the past by
 * {@code forgetFactor} instead of λ before each of the next {@code forgetWindows} learns. After
 * {@code reset} or {@code forget} the detector rests for those {@code forgetWindows} windows.
 *
 * <p>Not thread-safe: owned by the line's worker.
 */
final class LineLearner {

    private static final int MAGIC = 0x4C474C4C; // "LGLL"
    private static final byte VERSION = 1;

    private final LineConfig config;
    private final LineModelFactory models;
    private final OnlineScores scores;
    private final DriftDetector drift;
    private LineModel model;
    private int forgetWindowsLeft;
    private long lastAlarmSeq;

    /** The outcome of one window. */
    record Step(Optional<ModelPrediction> prediction, long observationsBefore, boolean learned, boolean anomaly,
                Optional<DriftState> alarm) {
    }

    private LineLearner(LineConfig config, LineModelFactory models, LineModel model, OnlineScores scores,
                        DriftDetector drift) {
        this.config = config;
        this.models = models;
        this.model = model;
        this.scores = scores;
        this.drift = drift;
    }

    /** A learner that has seen nothing. */
    static LineLearner create(LineConfig config, LineModelFactory models) {
        return new LineLearner(config, models, models.create(config), new OnlineScores(config.model().scoreHorizon()),
                DriftDetector.create(config.drift()).orElse(null));
    }

    /**
     * The learner that wrote {@code checkpoint}. A checkpoint of an earlier version that holds
     * the model alone restores the model, with scores and drift detection starting afresh.
     *
     * @throws CheckpointException      if the bytes are damaged
     * @throws IllegalArgumentException if they do not fit {@code config} (features, kind, λ changed)
     */
    static LineLearner restore(LineConfig config, LineModelFactory models, byte[] checkpoint) {
        ByteBuffer b = ByteBuffer.wrap(checkpoint);
        if (checkpoint.length < 5 || b.getInt() != MAGIC) {
            LineLearner legacy = create(config, models);
            legacy.model = models.restore(config, checkpoint);
            return legacy;
        }
        try {
            if (b.get() != VERSION) {
                throw new CheckpointException("line learner checkpoint of an unknown version " + checkpoint[4]);
            }
            CRC32C crc = new CRC32C();
            crc.update(checkpoint, 0, checkpoint.length - 4);
            if ((int) crc.getValue() != ByteBuffer.wrap(checkpoint, checkpoint.length - 4, 4).getInt()) {
                throw new CheckpointException("line learner checkpoint fails its checksum");
            }
            LineModel model = models.restore(config, chunk(b));
            OnlineScores scores = OnlineScores.restore(chunk(b));
            byte[] driftBytes = chunk(b);
            // A detector of another method than configured now starts afresh.
            DriftDetector drift = DriftDetector.create(config.drift()).orElse(null);
            if (drift != null && driftBytes.length > 0) {
                DriftDetector saved = DriftDetector.restore(driftBytes);
                if (saved.method().equals(drift.method())) {
                    drift = saved;
                }
            }
            LineLearner learner = new LineLearner(config, models, model, scores, drift);
            learner.forgetWindowsLeft = b.getInt();
            learner.lastAlarmSeq = b.getLong();
            return learner;
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new CheckpointException("line learner checkpoint is truncated");
        }
    }

    private static byte[] chunk(ByteBuffer b) {
        byte[] bytes = new byte[b.getInt()];
        b.get(bytes);
        return bytes;
    }

    /**
     * Runs one closed window.
     *
     * @param seq       the window's prediction seq
     * @param features  the values to predict with (observed or carried), null when the window
     *                  cannot be predicted
     * @param learnable whether every feature and the target were observed, so the model learns
     * @param actual    the observed target, NaN when absent
     */
    Step step(long seq, double[] features, boolean learnable, double actual) {
        long observationsBefore = model.observations();
        Optional<ModelPrediction> predicted = features == null ? Optional.empty() : model.predict(features);
        boolean anomaly = predicted.isPresent() && Double.isFinite(actual)
                && (actual < predicted.get().lower() || actual > predicted.get().upper());
        Optional<DriftState> alarm = Optional.empty();
        if (learnable) {
            if (predicted.isPresent()) {
                ModelPrediction p = predicted.get();
                scores.record(p, actual);
                if (drift != null && forgetWindowsLeft == 0) {
                    double residual = config.drift().standardize()
                            ? DriftDetector.standardizedResidual(p, actual)
                            : actual - p.value();
                    if (Double.isFinite(residual) && drift.update(residual)) {
                        lastAlarmSeq = seq;
                        alarm = Optional.of(drift.state());
                        react();
                    }
                }
            }
            discountIfReacting();
            model.learn(features, actual);
            settle();
        }
        return new Step(predicted, observationsBefore, learnable, anomaly, alarm);
    }

    /**
     * Applies the configured reaction. {@code reset} and {@code forget} change the model, whose
     * residuals are then biased until it has caught up: the detector rests for
     * {@code forgetWindows} learned windows and restarts afterwards, so it learns its reference
     * from the settled model (otherwise the settling itself would look like a second drift).
     */
    private void react() {
        switch (config.drift().reaction()) {
            case NONE -> { }
            case RESET -> {
                model = models.create(config);
                forgetWindowsLeft = config.drift().forgetWindows();
            }
            case FORGET -> forgetWindowsLeft = config.drift().forgetWindows();
        }
    }

    /** During a {@code forget} reaction, weighs the past by {@code forgetFactor} instead of λ alone. */
    private void discountIfReacting() {
        if (forgetWindowsLeft > 0 && config.drift().reaction() == DriftConfig.Reaction.FORGET
                && model instanceof RlsModel rls) {
            double extra = config.drift().forgetFactor() / config.model().forgetting();
            if (extra < 1) {
                rls.discount(extra);
            }
        }
    }

    /** Counts down a reaction; when it is over, the detector starts afresh on the settled model. */
    private void settle() {
        if (forgetWindowsLeft > 0 && --forgetWindowsLeft == 0 && drift != null) {
            drift.reset();
        }
    }

    LineModel model() {
        return model;
    }

    ModelSnapshot snapshot() {
        return model.snapshot();
    }

    Scores scores() {
        return scores.scores();
    }

    /** The detector's state; empty when drift detection is off. */
    Optional<DriftState> driftState() {
        return Optional.ofNullable(drift).map(DriftDetector::state);
    }

    /** Seq of the prediction that raised the last alarm, 0 for none. */
    long lastAlarmSeq() {
        return lastAlarmSeq;
    }

    /** Windows left of a {@code forget} or {@code reset} reaction (the detector rests meanwhile). */
    int forgetWindowsLeft() {
        return forgetWindowsLeft;
    }

    /**
     * What the model predicts for {@code values} (one per feature, in configured order), with its
     * interval: the what-if question. Empty while the model cannot predict honestly.
     */
    Optional<ModelPrediction> whatIf(double[] values) {
        return model.predict(values);
    }

    /** What {@link #recommend} aims for. */
    enum Goal {
        /** The highest predicted target within the controls' bounds. */
        MAXIMIZE,
        /** The lowest predicted target within the controls' bounds. */
        MINIMIZE,
        /** The setpoint closest to the current values whose predicted target is a given value. */
        REACH
    }

    /**
     * A recommended setpoint of the controllable features, with the model's prediction (and
     * interval) there.
     *
     * @param setpoint  the values of every feature (those not controllable stay at their current values)
     * @param reachable for {@link Goal#REACH}: whether the target is reachable within the bounds
     *                  (if not, the setpoint is the closest achievable); true otherwise
     * @param predicted the model's prediction at the setpoint
     */
    record Recommendation(Setpoint setpoint, boolean reachable, ModelPrediction predicted) {
    }

    /**
     * The setpoint of the features configured under {@code controls} (within their bounds) that
     * best meets {@code goal}, starting from {@code current}. Empty while the model cannot predict
     * or when no control is configured.
     *
     * @param current one value per feature, in configured order
     * @param target  the value to reach, for {@link Goal#REACH}; ignored otherwise
     */
    Optional<Recommendation> recommend(Goal goal, double target, double[] current) {
        if (config.controls().isEmpty() || model.predict(current).isEmpty()) {
            return Optional.empty();
        }
        List<ModelSnapshot.Coefficient> coefficients = model.snapshot().coefficients();
        int offset = coefficients.size() - config.features().size();
        List<Setpoints.Feature> features = new ArrayList<>();
        for (int i = 0; i < config.features().size(); i++) {
            String name = config.features().get(i);
            ControlBounds bounds = config.controls().get(name);
            features.add(new Setpoints.Feature(name, coefficients.get(offset + i).estimate(), current[i],
                    bounds == null ? current[i] : bounds.min(), bounds == null ? current[i] : bounds.max(),
                    bounds != null));
        }
        Setpoints setpoints = new Setpoints(offset == 1 ? coefficients.get(0).estimate() : 0, features);
        Setpoint best;
        boolean reachable = true;
        switch (goal) {
            case MAXIMIZE -> best = setpoints.maximize();
            case MINIMIZE -> best = setpoints.minimize();
            default -> {
                Setpoints.Reach reach = setpoints.reach(target);
                best = reach.setpoint();
                reachable = reach.reachable();
            }
        }
        Setpoint chosen = best;
        boolean isReachable = reachable;
        return model.predict(chosen.values()).map(p -> new Recommendation(chosen, isReachable, p));
    }

    /** Features ranked by |standardized coefficient|, with uncertainty, from {@code snapshot}. */
    List<Influence.Entry> influence(ModelSnapshot snapshot) {
        List<ModelSnapshot.Coefficient> coefficients = snapshot.coefficients();
        int offset = coefficients.size() - config.features().size();
        int n = config.features().size();
        double[] estimates = new double[n];
        double[] errors = new double[n];
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            ModelSnapshot.Coefficient c = coefficients.get(i + offset);
            estimates[i] = c.estimate();
            errors[i] = c.standardError();
            // σx/σy, recovered from the standardized coefficient (β·σx/σy) and β.
            double ratio = c.standardized() / c.estimate();
            scale[i] = Double.isFinite(ratio) ? Math.abs(ratio) : Double.NaN;
        }
        return Influence.rank(config.target(), config.features(), estimates, errors, scale, 1);
    }

    /** Everything {@link #restore} needs to continue exactly where this learner is. */
    byte[] checkpoint() {
        byte[] modelBytes = model.checkpoint();
        byte[] scoreBytes = scores.checkpoint();
        byte[] driftBytes = drift == null ? new byte[0] : drift.checkpoint();
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 12 + modelBytes.length + scoreBytes.length + driftBytes.length
                + 4 + 8 + 4);
        b.putInt(MAGIC).put(VERSION);
        b.putInt(modelBytes.length).put(modelBytes);
        b.putInt(scoreBytes.length).put(scoreBytes);
        b.putInt(driftBytes.length).put(driftBytes);
        b.putInt(forgetWindowsLeft).putLong(lastAlarmSeq);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
