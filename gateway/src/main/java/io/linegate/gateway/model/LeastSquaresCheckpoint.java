package io.linegate.gateway.model;

import java.util.List;

/**
 * The learned state of a {@link LeastSquaresModel} and its binary form, format version 1 in a
 * {@link StateEnvelope}:
 *
 * <pre>
 *   version 1 | kind "ols" or "rls" | intercept (byte 0/1) | feature count (int) | feature names
 *   | observations (long) | rls only: forgetting factor λ, total weight Σwᵢ
 *   | target mean, Σwᵢ(y − ȳ)² | per feature: mean, Σwᵢ(x − x̄)²
 *   | QR factor ({@link QrAccumulator.State#toBytes()}, length-prefixed) | CRC-32C
 * </pre>
 *
 * <p>The kind comes first and says which fields follow, so {@code ols} checkpoints are byte for
 * byte what they were before {@code rls} existed, and a build that knows only {@code ols} refuses
 * an {@code rls} checkpoint by its kind. Without forgetting, the total weight is the observation
 * count and is not written. With it, the total weight and the moments and factor as written carry
 * every λ and {@linkplain RlsModel#discount discount} applied so far; nothing else is needed to
 * resume.
 *
 * <p>Strings are length-prefixed UTF-8. The feature names, the intercept and the forgetting
 * factor are echoed so that a checkpoint is never resumed under a configuration that gives its
 * numbers another meaning or would go on weighing them at another rate than they were weighed;
 * the interval level and the minimum observations are not, as they do not change what was
 * learned and may be reconfigured across a restart.
 */
final class LeastSquaresCheckpoint {

    static final int FORMAT_VERSION = 1;

    final String kind;
    final List<String> featureNames;
    final boolean intercept;
    final double forgettingFactor;
    final RunningMoments[] featureMoments;
    final RunningMoments targetMoments;
    final QrAccumulator qr;

    private LeastSquaresCheckpoint(String kind, List<String> featureNames, boolean intercept,
            double forgettingFactor, RunningMoments[] featureMoments, RunningMoments targetMoments,
            QrAccumulator qr) {
        this.kind = kind;
        this.featureNames = featureNames;
        this.intercept = intercept;
        this.forgettingFactor = forgettingFactor;
        this.featureMoments = featureMoments;
        this.targetMoments = targetMoments;
        this.qr = qr;
    }

    /** Names a checkpoint of {@code kind} in messages, e.g. {@code "rls model checkpoint"}. */
    static String what(String kind) {
        return kind + " model checkpoint";
    }

    /**
     * @param kind {@link OlsModel#KIND} or {@link RlsModel#KIND}; only {@code rls} writes the
     *             forgetting factor and the total weight
     */
    static byte[] write(String kind, List<String> featureNames, boolean intercept, RunningMoments[] featureMoments,
            RunningMoments targetMoments, QrAccumulator qr) {
        byte[] factor = qr.exportState().toBytes();
        StateEnvelope.Writer writer = new StateEnvelope.Writer(FORMAT_VERSION,
                80 + featureNames.size() * 32 + factor.length)
                .putString(kind)
                .putByte(intercept ? 1 : 0)
                .putInt(featureNames.size());
        featureNames.forEach(writer::putString);
        writer.putLong(targetMoments.count());
        if (kind.equals(RlsModel.KIND)) {
            writer.putDouble(targetMoments.forgettingFactor()).putDouble(targetMoments.weight());
        }
        writer.putDouble(targetMoments.mean()).putDouble(targetMoments.sumSquaredDeviations());
        for (RunningMoments feature : featureMoments) {
            writer.putDouble(feature.mean()).putDouble(feature.sumSquaredDeviations());
        }
        return writer.putBytes(factor).finish();
    }

    /**
     * @param kind the kind the checkpoint must hold
     * @throws CheckpointException if {@code blob} is truncated, corrupted, of another format
     *                             version or model kind, or inconsistent
     */
    static LeastSquaresCheckpoint read(String kind, byte[] blob) {
        String what = what(kind);
        StateEnvelope.Reader reader = new StateEnvelope.Reader(blob, FORMAT_VERSION, what);
        String found = reader.getString();
        if (!found.equals(kind)) {
            throw new CheckpointException(what + " holds a model of kind \"" + found + "\", not \"" + kind + "\"");
        }
        int interceptFlag = reader.getByte();
        if (interceptFlag > 1) {
            throw reader.malformed("intercept flag " + interceptFlag + " is neither 0 nor 1");
        }
        boolean intercept = interceptFlag == 1;
        int featureCount = reader.getInt();
        if (featureCount < 1 || featureCount > reader.remaining() / Integer.BYTES) {
            throw reader.malformed("feature count " + featureCount + " does not fit its body");
        }
        String[] names = new String[featureCount];
        for (int i = 0; i < featureCount; i++) {
            names[i] = reader.getString();
        }
        long observations = reader.getLong();
        boolean weighted = kind.equals(RlsModel.KIND);
        double forgettingFactor = 1;
        double weight = observations;
        if (weighted) {
            forgettingFactor = reader.getDouble();
            weight = reader.getDouble();
            if (!(forgettingFactor > 0 && forgettingFactor <= 1)) {
                throw reader.malformed("forgetting factor " + forgettingFactor + " is not in (0, 1]");
            }
        }
        RunningMoments target = moments(reader, weighted, forgettingFactor, observations, weight, "target");
        RunningMoments[] features = new RunningMoments[featureCount];
        for (int i = 0; i < featureCount; i++) {
            features[i] = moments(reader, weighted, forgettingFactor, observations, weight, "feature " + names[i]);
        }
        QrAccumulator qr;
        try {
            qr = QrAccumulator.restore(QrAccumulator.State.fromBytes(reader.getBytes()));
        } catch (CheckpointException e) {
            throw reader.malformed("its QR factor: " + e.getMessage());
        }
        int parameters = featureCount + (intercept ? 1 : 0);
        if (qr.parameters() != parameters) {
            throw reader.malformed("its QR factor has " + qr.parameters() + " parameters, its features and intercept "
                    + parameters);
        }
        reader.finish();
        return new LeastSquaresCheckpoint(kind, List.of(names), intercept, forgettingFactor, features, target, qr);
    }

    /**
     * @throws CheckpointException unless this checkpoint was taken from a model with exactly
     *                             these features, in this order, this intercept setting and this
     *                             forgetting factor
     */
    void requireConfiguration(List<String> configuredFeatures, boolean configuredIntercept,
            double configuredForgettingFactor) {
        if (!featureNames.equals(configuredFeatures) || intercept != configuredIntercept) {
            throw new CheckpointException(what(kind) + " was taken with features " + featureNames + " and "
                    + interceptText(intercept) + ", but the model is configured with features " + configuredFeatures
                    + " and " + interceptText(configuredIntercept) + "; its coefficients would mean something else");
        }
        if (Double.compare(forgettingFactor, configuredForgettingFactor) != 0) {
            throw new CheckpointException(what(kind) + " was taken with forgetting factor " + forgettingFactor
                    + ", but the model is configured with " + configuredForgettingFactor
                    + "; it would go on forgetting at another rate than it learned");
        }
    }

    private static String interceptText(boolean intercept) {
        return intercept ? "an intercept" : "no intercept";
    }

    private static RunningMoments moments(StateEnvelope.Reader reader, boolean weighted, double forgettingFactor,
            long count, double weight, String variable) {
        double mean = reader.getDouble();
        double sumSquaredDeviations = reader.getDouble();
        try {
            return weighted
                    ? new RunningMoments(forgettingFactor, count, weight, mean, sumSquaredDeviations)
                    : new RunningMoments(count, mean, sumSquaredDeviations);
        } catch (IllegalArgumentException e) {
            throw reader.malformed(variable + ": " + e.getMessage());
        }
    }
}
