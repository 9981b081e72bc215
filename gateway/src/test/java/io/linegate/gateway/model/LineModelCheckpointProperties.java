package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For both model kinds, {@code ols} and {@code rls} with forgetting factors from none to heavy: a
 * model restored from a checkpoint is the original, bit for bit, however often and wherever in a
 * stream it was checkpointed, however differently the two were queried and, for {@code rls},
 * however its weights were discounted between learns; and a damaged checkpoint is always a
 * {@link CheckpointException}, never another exception or a wrong model.
 */
class LineModelCheckpointProperties {

    /** From none to one that takes the total weight below 1. */
    private static final double[] DISCOUNTS = {1, 0.95, 0.5, 1e-3};

    @Provide
    Arbitrary<ModelKind> kinds() {
        return Arbitraries.of(ModelKind.OLS, ModelKind.rls(1), ModelKind.rls(0.99), ModelKind.rls(0.9),
                ModelKind.rls(0.5));
    }

    /**
     * The original learns the whole stream. Its twin is restored from the original's checkpoint
     * at a random step, then restored from its own checkpoints at random later steps. The two are
     * queried at different random steps (a query caches a solve, which must not change anything),
     * and compared in full at every other step. An {@code rls} pair is discounted alike before
     * about one learn in three, sometimes just before a checkpoint.
     */
    @Property(tries = 80)
    void restoredModelBehavesExactlyAsTheOriginal(
            @ForAll("kinds") ModelKind kind,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 8) int featureCount,
            @ForAll boolean intercept,
            @ForAll boolean constantStart,
            @ForAll @IntRange(min = 0, max = 60) int firstCheckpoint,
            @ForAll @IntRange(min = 1, max = 80) int continuation) {
        List<String> names = OlsModelBatchEquivalenceTest.names(featureCount);
        SyntheticLine line = new SyntheticLine(seed, featureCount, intercept, 1.0);
        Random choices = new Random(seed ^ 0x5DEECE66DL);
        LeastSquaresModel original = kind.create(names, intercept, 0.95, 0);
        LeastSquaresModel twin = null;
        for (int n = 0; n < firstCheckpoint + continuation; n++) {
            if (kind.discounts() && choices.nextInt(3) == 0) {
                double factor = DISCOUNTS[choices.nextInt(DISCOUNTS.length)];
                ((RlsModel) original).discount(factor);
                if (twin != null) {
                    ((RlsModel) twin).discount(factor);
                }
            }
            if (n == firstCheckpoint || (twin != null && choices.nextInt(8) == 0)) {
                byte[] checkpoint = (twin == null ? original : twin).checkpoint();
                twin = kind.restore(names, intercept, 0.95, 0, checkpoint);
            }
            double[] x = line.nextFeatures();
            if (constantStart && n < firstCheckpoint + continuation / 2) {
                x[0] = 7.25; // not identified for a while, then identified
            }
            if (choices.nextBoolean()) {
                original.predict(x);
            }
            if (twin != null && choices.nextBoolean()) {
                twin.snapshot();
            }
            if (twin != null && choices.nextInt(3) == 0) {
                OlsModelCheckpointTest.assertIdentical(original, twin, x);
            }
            double y = line.nextTarget(x);
            original.learn(x, y);
            if (twin != null) {
                twin.learn(x, y);
            }
        }
        OlsModelCheckpointTest.assertIdentical(original, twin, line.nextFeatures());
    }

    /** Truncation, extension, byte changes and inserted bytes anywhere in a real checkpoint. */
    @Property(tries = 300)
    void damagedCheckpointIsRefusedNeverMisread(
            @ForAll("kinds") ModelKind kind,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 5) int featureCount,
            @ForAll @IntRange(min = 0, max = 3) int damage,
            @ForAll @IntRange(min = 1, max = 8) int changes) {
        List<String> names = OlsModelBatchEquivalenceTest.names(featureCount);
        SyntheticLine line = new SyntheticLine(seed, featureCount, true, 1.0);
        LeastSquaresModel model = kind.create(names);
        for (int n = 0; n < 15; n++) {
            double[] x = line.nextFeatures();
            model.learn(x, line.nextTarget(x));
        }
        byte[] checkpoint = model.checkpoint();
        Random random = new Random(seed);
        byte[] damaged = switch (damage) {
            case 0 -> Arrays.copyOf(checkpoint, random.nextInt(checkpoint.length));
            case 1 -> Arrays.copyOf(checkpoint, checkpoint.length + 1 + random.nextInt(16));
            case 2 -> changed(checkpoint, random, changes);
            default -> inserted(checkpoint, random);
        };
        try {
            LeastSquaresModel restored = kind.restore(names, true, 0.95, 0, damaged);
            assertThat(damaged).as("a damaged checkpoint was accepted").isEqualTo(checkpoint);
            assertThat(restored.checkpoint()).isEqualTo(checkpoint);
        } catch (CheckpointException expected) {
            assertThat(expected.getMessage()).startsWith(kind.checkpointName() + " ");
        }
    }

    @Property(tries = 300)
    void arbitraryBytesAreRefusedWithACheckpointException(@ForAll("kinds") ModelKind kind, @ForAll byte[] bytes) {
        try {
            kind.restore(List.of("feed"), true, 0.95, 0, bytes);
        } catch (CheckpointException expected) {
            assertThat(expected.getMessage()).startsWith(kind.checkpointName() + " ");
            return;
        }
        throw new AssertionError("arbitrary bytes restored a model: " + Arrays.toString(bytes));
    }

    private static byte[] changed(byte[] checkpoint, Random random, int changes) {
        byte[] result = checkpoint.clone();
        for (int i = 0; i < changes; i++) {
            result[random.nextInt(result.length)] = (byte) random.nextInt(256);
        }
        return result;
    }

    private static byte[] inserted(byte[] checkpoint, Random random) {
        int at = random.nextInt(checkpoint.length + 1);
        byte[] result = new byte[checkpoint.length + 1];
        System.arraycopy(checkpoint, 0, result, 0, at);
        result[at] = (byte) random.nextInt(256);
        System.arraycopy(checkpoint, at, result, at + 1, checkpoint.length - at);
        return result;
    }
}
