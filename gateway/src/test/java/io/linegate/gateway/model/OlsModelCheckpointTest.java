package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies that {@link OlsModel#restore} resumes what {@link OlsModel#checkpoint()} saved,
 * exactly, and refuses with a clear {@link CheckpointException} a checkpoint that is damaged, of
 * another format version, or taken under another feature configuration.
 */
class OlsModelCheckpointTest {

    private static final List<String> FEATURES = List.of("feed", "state", "speed");

    @Test
    void restoredModelPredictsSnapshotsAndLearnsExactlyAsTheOriginal() {
        SyntheticLine line = new SyntheticLine(71, 3, true, 1.0);
        OlsModel original = new OlsModel(FEATURES);
        for (int n = 0; n < 40; n++) {
            double[] x = line.nextFeatures();
            original.learn(x, line.nextTarget(x));
        }

        OlsModel restored = OlsModel.restore(FEATURES, true, 0.95, 0, original.checkpoint());

        for (int n = 0; n < 40; n++) {
            double[] x = line.nextFeatures();
            assertIdentical(original, restored, x);
            double y = line.nextTarget(x);
            original.learn(x, y);
            restored.learn(x, y);
        }
        assertIdentical(original, restored, line.nextFeatures());
    }

    @Test
    void freshModelRoundTrips() {
        OlsModel fresh = new OlsModel(FEATURES, false, 0.9, 0);

        OlsModel restored = OlsModel.restore(FEATURES, false, 0.9, 0, fresh.checkpoint());

        assertThat(restored.observations()).isZero();
        assertIdentical(fresh, restored, new double[] {1, 2, 3});
    }

    @Test
    void checkpointLeavesTheModelAsItWas() {
        SyntheticLine line = new SyntheticLine(72, 3, true, 1.0);
        OlsModel model = new OlsModel(FEATURES);
        for (int n = 0; n < 10; n++) {
            double[] x = line.nextFeatures();
            model.learn(x, line.nextTarget(x));
        }
        byte[] before = model.checkpoint();
        model.predict(line.nextFeatures());
        model.snapshot();

        assertThat(model.checkpoint()).isEqualTo(before);
    }

    @Test
    void restoreTakesIntervalLevelAndMinimumFromItsArguments() {
        SyntheticLine line = new SyntheticLine(73, 3, true, 1.0);
        OlsModel original = new OlsModel(FEATURES, true, 0.95, 0);
        for (int n = 0; n < 12; n++) {
            double[] x = line.nextFeatures();
            original.learn(x, line.nextTarget(x));
        }
        double[] query = line.nextFeatures();

        OlsModel restored = OlsModel.restore(FEATURES, true, 0.8, 20, original.checkpoint());

        assertThat(restored.intervalLevel()).isEqualTo(0.8);
        assertThat(restored.minObservations()).isEqualTo(20);
        assertThat(restored.predict(query)).isEmpty();
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        assertThat(OlsModel.restore(FEATURES, true, 0.8, 0, original.checkpoint()).predict(query).orElseThrow()
                .level()).isEqualTo(0.8);
    }

    @Test
    void refusesACheckpointTakenWithOtherFeaturesOrIntercept() {
        byte[] checkpoint = learned(FEATURES, true).checkpoint();

        assertThatThrownBy(() -> OlsModel.restore(List.of("feed", "state", "temperature"), true, 0.95, 0, checkpoint))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("ols model checkpoint was taken with features [feed, state, speed] and an intercept, but"
                        + " the model is configured with features [feed, state, temperature] and an intercept;"
                        + " its coefficients would mean something else");
        assertThatThrownBy(() -> OlsModel.restore(List.of("speed", "state", "feed"), true, 0.95, 0, checkpoint))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("configured with features [speed, state, feed]");
        assertThatThrownBy(() -> OlsModel.restore(List.of("feed", "state"), true, 0.95, 0, checkpoint))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("configured with features [feed, state] and an intercept");
        assertThatThrownBy(() -> OlsModel.restore(FEATURES, false, 0.95, 0, checkpoint))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("configured with features [feed, state, speed] and no intercept");
    }

    @Test
    void refusesAnInvalidConfigurationBeforeLookingAtTheCheckpoint() {
        assertThatThrownBy(() -> OlsModel.restore(FEATURES, true, 1.5, 0, new byte[0]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("intervalLevel must be in (0, 1). Found: 1.5");
    }

    @Test
    void refusesEveryTruncatedCheckpoint() {
        byte[] checkpoint = learned(FEATURES, true).checkpoint();
        for (int length = 0; length < checkpoint.length; length++) {
            byte[] truncated = Arrays.copyOf(checkpoint, length);
            assertThatThrownBy(() -> OlsModel.restore(FEATURES, true, 0.95, 0, truncated))
                    .as("truncated to %d of %d bytes", length, checkpoint.length)
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageStartingWith("ols model checkpoint is ");
        }
    }

    @Test
    void refusesEveryCorruptedByte() {
        byte[] checkpoint = learned(FEATURES, true).checkpoint();
        for (int position = 1; position < checkpoint.length; position++) {
            byte[] corrupted = checkpoint.clone();
            corrupted[position] ^= 0x10;
            assertThatThrownBy(() -> OlsModel.restore(FEATURES, true, 0.95, 0, corrupted))
                    .as("byte %d of %d changed", position, checkpoint.length)
                    .isInstanceOf(CheckpointException.class)
                    .hasMessage("ols model checkpoint is corrupted or truncated: checksum mismatch over "
                            + checkpoint.length + " bytes");
        }
    }

    @Test
    void refusesAnotherFormatVersion() {
        byte[] checkpoint = learned(FEATURES, true).checkpoint();
        checkpoint[0] = 2;

        assertThatThrownBy(() -> OlsModel.restore(FEATURES, true, 0.95, 0, checkpoint))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("ols model checkpoint has format version 2; this build reads version 1 only");
    }

    @Test
    void refusesAWellSealedCheckpointOfAnotherModelKind() {
        byte[] rls = new StateEnvelope.Writer(LeastSquaresCheckpoint.FORMAT_VERSION, 0).putString("rls").finish();

        assertThatThrownBy(() -> OlsModel.restore(FEATURES, true, 0.95, 0, rls))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("ols model checkpoint holds a model of kind \"rls\", not \"ols\"");
    }

    @Test
    void refusesAWellSealedCheckpointWhoseFactorDoesNotMatchItsFeatures() {
        byte[] factor = new QrAccumulator(2).exportState().toBytes();
        StateEnvelope.Writer writer = new StateEnvelope.Writer(LeastSquaresCheckpoint.FORMAT_VERSION, 0)
                .putString("ols").putByte(1).putInt(3);
        FEATURES.forEach(writer::putString);
        writer.putLong(0);
        for (int i = 0; i < 4; i++) {
            writer.putDouble(Double.NaN).putDouble(0);
        }
        byte[] checkpoint = writer.putBytes(factor).finish();

        assertThatThrownBy(() -> OlsModel.restore(FEATURES, true, 0.95, 0, checkpoint))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("ols model checkpoint is malformed: its QR factor has 2 parameters, its features and"
                        + " intercept 4");
    }

    /** Everything observable, compared as exact doubles: records compare their doubles bit for bit. */
    static void assertIdentical(LeastSquaresModel expected, LeastSquaresModel actual, double[] query) {
        assertThat(actual.observations()).isEqualTo(expected.observations());
        assertThat(actual.predict(query)).isEqualTo(expected.predict(query));
        assertThat(actual.snapshot()).isEqualTo(expected.snapshot());
        assertThat(actual.coefficients()).isEqualTo(expected.coefficients());
        assertThat(actual.checkpoint()).isEqualTo(expected.checkpoint());
    }

    private static OlsModel learned(List<String> features, boolean intercept) {
        SyntheticLine line = new SyntheticLine(79, features.size(), intercept, 1.0);
        OlsModel model = new OlsModel(features, intercept, 0.95, 0);
        for (int n = 0; n < 20; n++) {
            double[] x = line.nextFeatures();
            model.learn(x, line.nextTarget(x));
        }
        return model;
    }
}
