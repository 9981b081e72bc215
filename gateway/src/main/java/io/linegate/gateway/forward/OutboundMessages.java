package io.linegate.gateway.forward;

import io.linegate.gateway.aggregate.LineWindow;
import io.linegate.gateway.model.ModelPrediction;
import io.linegate.gateway.model.ModelSnapshot;
import io.linegate.gateway.quality.DriftState;
import io.linegate.gateway.quality.Influence;
import io.linegate.gateway.quality.Scores;
import io.linegate.proto.Alert;
import io.linegate.proto.Coefficient;
import io.linegate.proto.DeadLetter;
import io.linegate.proto.DriftStatus;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.linegate.proto.ScoreSpan;
import java.util.List;
import java.util.Optional;

/** Builds the upstream wire messages from domain values. Stateless. */
public final class OutboundMessages {

    private OutboundMessages() {
    }

    /**
     * The Prediction of one closed window: features present in the window, the model's
     * prediction when it could make one (made before learning from this window), and the
     * observed target when there was one.
     */
    public static Prediction prediction(String gatewayId, String target, long seq, LineWindow window,
                                        Optional<ModelPrediction> predicted, String modelKind,
                                        long modelObservations, long producedAtMs) {
        return prediction(gatewayId, target, seq, window, predicted, modelKind, modelObservations, producedAtMs,
                false, List.of());
    }

    /**
     * The Prediction of one closed window, flagged {@code anomaly} when its observed target lies
     * outside the interval, naming the features carried forward into it (which the window itself
     * lacks, so they are not among its {@code features}).
     */
    public static Prediction prediction(String gatewayId, String target, long seq, LineWindow window,
                                        Optional<ModelPrediction> predicted, String modelKind,
                                        long modelObservations, long producedAtMs, boolean anomaly,
                                        List<String> carriedFeatures) {
        Prediction.Builder b = Prediction.newBuilder()
                .setGatewayId(gatewayId)
                .setLineId(window.lineId())
                .setSeq(seq)
                .setWindowStartMs(window.startMs())
                .setWindowEndMs(window.endMs())
                .setTarget(target)
                .setModelKind(modelKind)
                .setModelObservations(modelObservations)
                .setProducedAtMs(producedAtMs);
        for (int i = 0; i < window.featureNames().size(); i++) {
            double v = window.feature(i);
            if (!Double.isNaN(v)) {
                b.putFeatures(window.featureNames().get(i), v);
            }
        }
        if (window.targetPresent()) {
            b.setActual(window.target());
        }
        predicted.ifPresent(p -> b.setPredicted(p.value())
                .setIntervalLower(p.lower())
                .setIntervalUpper(p.upper())
                .setIntervalLevel(p.level()));
        return b.setAnomaly(anomaly).addAllCarriedFeatures(carriedFeatures).build();
    }

    /**
     * How far a line's model can be trusted, for its summary.
     *
     * @param scores           scores of its honest predictions
     * @param influence        features ranked by influence
     * @param drift            the drift detector's state, empty when detection is off
     * @param reaction         the configured reaction to an alarm
     * @param reactingWindows  windows left of a {@code forget} reaction
     * @param lastAlarmSeq     seq whose residual raised the last alarm, 0 for none
     * @param forgetting       λ of the model (1 for {@code ols})
     */
    public record Quality(Scores scores, List<Influence.Entry> influence, Optional<DriftState> drift, String reaction,
                          int reactingWindows, long lastAlarmSeq, double forgetting) {
    }

    /** The retained summary of a line's model with its scores, influence and drift status. */
    public static ModelSummary modelSummary(String gatewayId, String lineId, String target, ModelSnapshot snapshot,
                                            long lastPredictionSeq, long updatedAtMs, Quality quality) {
        ModelSummary.Builder b = modelSummary(gatewayId, lineId, target, snapshot, lastPredictionSeq, updatedAtMs)
                .setRankDeficient(!snapshot.aliased().isEmpty())
                .setForgetting(quality.forgetting())
                .setScores(io.linegate.proto.Scores.newBuilder()
                        .setHorizon(quality.scores().horizon())
                        .setLifetime(span(quality.scores().lifetime()))
                        .setRecent(span(quality.scores().recent())));
        for (Influence.Entry e : quality.influence()) {
            io.linegate.proto.Influence.Builder ib = io.linegate.proto.Influence.newBuilder().setFeature(e.feature())
                    .setText(e.plainText());
            setIfFinite(e.standardized(), ib::setStandardized);
            setIfFinite(e.standardError(), ib::setStdError);
            setIfFinite(e.lower(), ib::setLower);
            setIfFinite(e.upper(), ib::setUpper);
            setIfFinite(e.share(), ib::setShare);
            b.addInfluence(ib);
        }
        quality.drift().ifPresent(d -> b.setDrift(DriftStatus.newBuilder()
                .setMethod(d.method())
                .setAlarms(d.alarms())
                .setLastAlarmSeq(quality.lastAlarmSeq())
                .setLastDirection(d.alarms() == 0 ? 0 : d.lastAlarmDirection())
                .setReaction(quality.reaction())
                .setReactingWindows(quality.reactingWindows())));
        return b.build();
    }

    private static ScoreSpan span(Scores.Span s) {
        ScoreSpan.Builder b = ScoreSpan.newBuilder().setCount(s.count());
        setIfFinite(s.meanAbsoluteError(), b::setMae);
        setIfFinite(s.rootMeanSquaredError(), b::setRmse);
        setIfFinite(s.rSquared(), b::setRSquared);
        setIfFinite(s.coverage(), b::setCoverage);
        setIfFinite(s.meanBias(), b::setBias);
        return b.build();
    }

    /** The alert that drift was detected on a line's residuals. */
    public static Alert driftAlert(String gatewayId, String lineId, String target, long seq, long windowEndMs,
                                   long raisedAtMs, DriftState alarm, String reaction) {
        String direction = alarm.lastAlarmDirection() > 0 ? "above" : "below";
        return Alert.newBuilder()
                .setGatewayId(gatewayId)
                .setLineId(lineId)
                .setKind("drift")
                .setSeq(seq)
                .setWindowEndMs(windowEndMs)
                .setRaisedAtMs(raisedAtMs)
                .setMethod(alarm.method())
                .setDirection(alarm.lastAlarmDirection())
                .setStatistic(Math.max(alarm.upper(), alarm.lower()))
                .setThreshold(alarm.threshold())
                .setReaction(reaction)
                .setMessage(lineId + ": " + target + " has drifted " + direction + " the model's predictions ("
                        + alarm.method() + " alarm at seq " + seq + "); reaction: " + reaction)
                .build();
    }

    /** The model's part of a line's summary. NaN statistics are left unset (proto3 default 0). */
    private static ModelSummary.Builder modelSummary(String gatewayId, String lineId, String target,
                                                     ModelSnapshot snapshot, long lastPredictionSeq, long updatedAtMs) {
        ModelSummary.Builder b = ModelSummary.newBuilder()
                .setGatewayId(gatewayId)
                .setLineId(lineId)
                .setModelKind(snapshot.kind())
                .setTarget(target)
                .setObservations(snapshot.observations())
                .setUnderdetermined(!snapshot.identified())
                .setUpdatedAtMs(updatedAtMs)
                .setLastPredictionSeq(lastPredictionSeq)
                .addAllInfluenceRanking(snapshot.influenceRanking());
        setIfFinite(snapshot.rSquared(), b::setRSquared);
        setIfFinite(snapshot.adjustedRSquared(), b::setAdjustedRSquared);
        setIfFinite(snapshot.residualStdError(), b::setResidualStdError);
        for (ModelSnapshot.Coefficient c : snapshot.coefficients()) {
            Coefficient.Builder cb = Coefficient.newBuilder().setName(c.name());
            setIfFinite(c.estimate(), cb::setEstimate);
            setIfFinite(c.standardError(), cb::setStdError);
            setIfFinite(c.standardized(), cb::setStandardized);
            setIfFinite(c.pValue(), cb::setPValue);
            cb.setAliased(c.aliased());
            b.addCoefficients(cb);
        }
        return b;
    }

    /** A dead-letter sample. */
    public static DeadLetter deadLetter(String gatewayId, String reason, String source, String topic, int size,
                                        String sample, String detail, long atMs, long suppressed) {
        return DeadLetter.newBuilder()
                .setGatewayId(gatewayId)
                .setReason(reason)
                .setSource(source)
                .setTopic(topic == null ? "" : topic)
                .setSize(size)
                .setSample(sample == null ? "" : sample)
                .setDetail(detail == null ? "" : detail)
                .setAtMs(atMs)
                .setSuppressed(suppressed)
                .build();
    }

    private static void setIfFinite(double value, java.util.function.DoubleConsumer setter) {
        if (Double.isFinite(value)) {
            setter.accept(value);
        }
    }
}
