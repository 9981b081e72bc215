package io.linegate.gateway.forward;

import io.linegate.gateway.aggregate.LineWindow;
import io.linegate.gateway.model.ModelPrediction;
import io.linegate.gateway.model.ModelSnapshot;
import io.linegate.proto.Coefficient;
import io.linegate.proto.DeadLetter;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
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
        return b.build();
    }

    /** The retained summary of a line's model. NaN statistics are left unset (proto3 default 0). */
    public static ModelSummary modelSummary(String gatewayId, String lineId, String target, ModelSnapshot snapshot,
                                            long lastPredictionSeq, long updatedAtMs) {
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
            b.addCoefficients(cb);
        }
        return b.build();
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
