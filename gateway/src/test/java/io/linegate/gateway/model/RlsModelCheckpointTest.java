package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies what checkpoints of {@code rls} add to those of {@code ols}: the forgetting factor and
 * total weight travel with them, a checkpoint resumes only under its own kind and factor, and
 * {@code ols} checkpoints are still what they were before {@code rls} existed.
 */
class RlsModelCheckpointTest {

    private static final List<String> FEATURES = List.of("feed", "state", "speed");

    /**
     * An {@code ols} checkpoint written by the build before {@code rls} was added (commit d07af4c):
     * features feed and speed with an intercept, after the eight learns of {@link #goldenOls()}.
     */
    private static final String OLS_CHECKPOINT_BEFORE_RLS = "01000000036f6c7301000000020000000466656564000000057370"
            + "6565640000000000000008401ce00000000000406371c000000000400c000000000000404500000000000040000000000000"
            + "0040320000000000000000005901000000033fd1800000000000402000000000000040450000000000004030124924924925"
            + "401ce000000000003ffe6db6db6db6dbbfdd555555555555400c00000000000040000000000000003fcb6db6db6db6db526a8a"
            + "2cc663aac0";

    @Test
    void restoredModelPredictsSnapshotsAndLearnsExactlyAsTheOriginal() {
        SyntheticLine line = new SyntheticLine(111, 3, true, 1.0);
        RlsModel original = new RlsModel(FEATURES, 0.9);
        for (int n = 0; n < 300; n++) {
            double[] x = line.nextFeatures();
            original.learn(x, line.nextTarget(x));
        }

        RlsModel restored = RlsModel.restore(FEATURES, true, 0.95, 0, 0.9, original.checkpoint());

        for (int n = 0; n < 100; n++) {
            double[] x = line.nextFeatures();
            OlsModelCheckpointTest.assertIdentical(original, restored, x);
            double y = line.nextTarget(x);
            original.learn(x, y);
            restored.learn(x, y);
        }
        OlsModelCheckpointTest.assertIdentical(original, restored, line.nextFeatures());
        assertThat(restored.forgettingFactor()).isEqualTo(0.9);
    }

    @Test
    void holdsTheForgettingFactorAndTotalWeightBesidesWhatOlsHolds() {
        OlsModel ols = new OlsModel(FEATURES);
        RlsModel rls = new RlsModel(FEATURES, 1);
        SyntheticLine line = new SyntheticLine(112, 3, true, 1.0);
        for (int n = 0; n < 20; n++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            ols.learn(x, y);
            rls.learn(x, y);
        }
        assertThat(rls.checkpoint()).hasSize(ols.checkpoint().length + 2 * Double.BYTES);
    }

    @Test
    void refusesACheckpointTakenWithAnotherForgettingFactor() {
        byte[] checkpoint = learned(0.98).checkpoint();

        assertThatThrownBy(() -> RlsModel.restore(FEATURES, true, 0.95, 0, 0.95, checkpoint))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("rls model checkpoint was taken with forgetting factor 0.98, but the model is configured"
                        + " with 0.95; it would go on forgetting at another rate than it learned");
    }

    @Test
    void refusesACheckpointTakenWithOtherFeaturesOrIntercept() {
        byte[] checkpoint = learned(0.98).checkpoint();

        assertThatThrownBy(() -> RlsModel.restore(FEATURES, false, 0.95, 0, 0.98, checkpoint))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("rls model checkpoint was taken with features [feed, state, speed] and an intercept, but"
                        + " the model is configured with features [feed, state, speed] and no intercept;"
                        + " its coefficients would mean something else");
    }

    @Test
    void eachKindRefusesTheOthersCheckpointEvenWithoutForgetting() {
        byte[] rls = learned(1).checkpoint();
        byte[] ols = new OlsModel(FEATURES).checkpoint();

        assertThatThrownBy(() -> OlsModel.restore(FEATURES, true, 0.95, 0, rls))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("ols model checkpoint holds a model of kind \"rls\", not \"ols\"");
        assertThatThrownBy(() -> RlsModel.restore(FEATURES, true, 0.95, 0, 1, ols))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("rls model checkpoint holds a model of kind \"ols\", not \"rls\"");
    }

    @Test
    void refusesAWellSealedCheckpointWhoseForgettingFactorOrWeightIsImpossible() {
        assertThatThrownBy(() -> RlsModel.restore(FEATURES, true, 0.95, 0, 0.9, sealedRls(1.5, 3)))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("rls model checkpoint is malformed: forgetting factor 1.5 is not in (0, 1]");
        assertThatThrownBy(() -> RlsModel.restore(FEATURES, true, 0.95, 0, 0.9, sealedRls(0.9, 7)))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("rls model checkpoint is malformed: target: weight of 5 values with forgetting factor 0.9"
                        + " must be in (0, 5]. Found: 7.0");
        assertThatThrownBy(() -> RlsModel.restore(FEATURES, true, 0.95, 0, 0.9, sealedRls(0.9, 0)))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("rls model checkpoint is malformed: target: weight of 5 values with forgetting factor 0.9"
                        + " must be in (0, 5]. Found: 0.0");
        assertThatThrownBy(() -> RlsModel.restore(FEATURES, true, 0.95, 0, 1, sealedRls(1, 5.5)))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("rls model checkpoint is malformed: target: weight of 5 values with forgetting factor 1.0"
                        + " must be in (0, 5]. Found: 5.5");
    }

    /** A discount may take the total weight below 1, or below the count with λ = 1. */
    @Test
    void acceptsAWellSealedCheckpointWhoseWeightADiscountLowered() {
        assertThat(RlsModel.restore(FEATURES, true, 0.95, 0, 0.9, sealedRls(0.9, 0.25)).observations()).isEqualTo(5);
        assertThat(RlsModel.restore(FEATURES, true, 0.95, 0, 1, sealedRls(1, 2.5)).observations()).isEqualTo(5);
    }

    @Test
    void restoresAnOlsCheckpointWrittenBeforeRlsExistedAndWritesTheSameBytes() {
        byte[] before = HexFormat.of().parseHex(OLS_CHECKPOINT_BEFORE_RLS);

        OlsModel restored = OlsModel.restore(List.of("feed", "speed"), true, 0.95, 0, before);

        OlsModel relearned = goldenOls();
        assertThat(relearned.checkpoint()).isEqualTo(before);
        OlsModelCheckpointTest.assertIdentical(relearned, restored, new double[] {3.5, 1});
    }

    private static OlsModel goldenOls() {
        OlsModel model = new OlsModel(List.of("feed", "speed"));
        for (int i = 0; i < 8; i++) {
            model.learn(new double[] {i, (i * 7) % 5}, 1 + 2 * i - 0.5 * ((i * 7) % 5) + (i % 3) * 0.25);
        }
        return model;
    }

    private static RlsModel learned(double lambda) {
        SyntheticLine line = new SyntheticLine(113, 3, true, 1.0);
        RlsModel model = new RlsModel(FEATURES, lambda);
        for (int n = 0; n < 20; n++) {
            double[] x = line.nextFeatures();
            model.learn(x, line.nextTarget(x));
        }
        return model;
    }

    /** A checksummed rls checkpoint of five observations with the given factor and weight. */
    private static byte[] sealedRls(double lambda, double weight) {
        StateEnvelope.Writer writer = new StateEnvelope.Writer(LeastSquaresCheckpoint.FORMAT_VERSION, 0)
                .putString("rls").putByte(1).putInt(3);
        FEATURES.forEach(writer::putString);
        writer.putLong(5).putDouble(lambda).putDouble(weight);
        for (int i = 0; i < 4; i++) {
            writer.putDouble(1).putDouble(0);
        }
        return writer.putBytes(new QrAccumulator(4).exportState().toBytes()).finish();
    }
}
