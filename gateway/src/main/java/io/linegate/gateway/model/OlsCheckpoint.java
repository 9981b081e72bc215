package io.linegate.gateway.model;

import java.util.List;

/**
 * The learned state of an {@link OlsModel} and its binary form, {@link CheckpointCodec} format
 * version 1:
 *
 * <pre>
 *   version 1 | kind "ols" | intercept (byte 0/1) | feature count (int) | feature names
 *   | observations (long) | target mean, Σ(y − ȳ)² | per feature: mean, Σ(x − x̄)²
 *   | QR factor ({@link QrAccumulator.State#toBytes()}, length-prefixed) | CRC-32C
 * </pre>
 *
 * <p>Strings are length-prefixed UTF-8. The feature names and the intercept are echoed so that
 * a checkpoint is never resumed under a configuration that gives its numbers another meaning;
 * the interval level and the minimum observations are not, as they do not change what was
 * learned and may be reconfigured across a restart.
 */
final class OlsCheckpoint {

    static final int FORMAT_VERSION = 1;
    private static final String WHAT = "ols model checkpoint";

    final List<String> featureNames;
    final boolean intercept;
    final RunningMoments[] featureMoments;
    final RunningMoments targetMoments;
    final QrAccumulator qr;

    private OlsCheckpoint(List<String> featureNames, boolean intercept, RunningMoments[] featureMoments,
            RunningMoments targetMoments, QrAccumulator qr) {
        this.featureNames = featureNames;
        this.intercept = intercept;
        this.featureMoments = featureMoments;
        this.targetMoments = targetMoments;
        this.qr = qr;
    }

    static byte[] write(List<String> featureNames, boolean intercept, RunningMoments[] featureMoments,
            RunningMoments targetMoments, QrAccumulator qr) {
        byte[] factor = qr.exportState().toBytes();
        CheckpointCodec.Writer writer = new CheckpointCodec.Writer(FORMAT_VERSION,
                64 + featureNames.size() * 32 + factor.length)
                .putString(OlsModel.KIND)
                .putByte(intercept ? 1 : 0)
                .putInt(featureNames.size());
        featureNames.forEach(writer::putString);
        writer.putLong(targetMoments.count())
                .putDouble(targetMoments.mean())
                .putDouble(targetMoments.sumSquaredDeviations());
        for (RunningMoments feature : featureMoments) {
            writer.putDouble(feature.mean()).putDouble(feature.sumSquaredDeviations());
        }
        return writer.putBytes(factor).finish();
    }

    /**
     * @throws CheckpointException if {@code blob} is truncated, corrupted, of another format
     *                             version or model kind, or inconsistent
     */
    static OlsCheckpoint read(byte[] blob) {
        CheckpointCodec.Reader reader = new CheckpointCodec.Reader(blob, FORMAT_VERSION, WHAT);
        String kind = reader.getString();
        if (!kind.equals(OlsModel.KIND)) {
            throw new CheckpointException(WHAT + " holds a model of kind \"" + kind + "\", not \"" + OlsModel.KIND
                    + "\"");
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
        RunningMoments target = moments(reader, observations, "target");
        RunningMoments[] features = new RunningMoments[featureCount];
        for (int i = 0; i < featureCount; i++) {
            features[i] = moments(reader, observations, "feature " + names[i]);
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
        return new OlsCheckpoint(List.of(names), intercept, features, target, qr);
    }

    /**
     * @throws CheckpointException unless this checkpoint was taken from a model with exactly
     *                             these features, in this order, and this intercept setting
     */
    void requireConfiguration(List<String> configuredFeatures, boolean configuredIntercept) {
        if (!featureNames.equals(configuredFeatures) || intercept != configuredIntercept) {
            throw new CheckpointException(WHAT + " was taken with features " + featureNames + " and "
                    + interceptText(intercept) + ", but the model is configured with features " + configuredFeatures
                    + " and " + interceptText(configuredIntercept) + "; its coefficients would mean something else");
        }
    }

    private static String interceptText(boolean intercept) {
        return intercept ? "an intercept" : "no intercept";
    }

    private static RunningMoments moments(CheckpointCodec.Reader reader, long count, String variable) {
        double mean = reader.getDouble();
        double sumSquaredDeviations = reader.getDouble();
        try {
            return new RunningMoments(count, mean, sumSquaredDeviations);
        } catch (IllegalArgumentException e) {
            throw reader.malformed(variable + ": " + e.getMessage());
        }
    }
}
