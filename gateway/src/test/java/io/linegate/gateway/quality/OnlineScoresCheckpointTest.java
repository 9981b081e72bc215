package io.linegate.gateway.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linegate.gateway.model.CheckpointException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Verifies that {@link OnlineScores#restore} resumes what {@link OnlineScores#checkpoint()} saved
 * bit for bit, and refuses a damaged checkpoint with a clear {@link CheckpointException}.
 */
class OnlineScoresCheckpointTest {

    @Test
    void restoredScoresContinueBitForBitFromAnyPoint() {
        // Checkpoints before the window fills, right at the first rebuild, and mid-front.
        for (int taken : new int[] {0, 1, 16, 17, 23, 60, 200}) {
            Random random = new Random(31 + taken);
            OnlineScores original = new OnlineScores(17);
            for (int i = 0; i < taken; i++) {
                feed(original, random);
            }

            OnlineScores restored = OnlineScores.restore(original.checkpoint());

            assertThat(restored.horizon()).isEqualTo(17);
            assertThat(restored.count()).isEqualTo(taken);
            for (int i = 0; i < 100; i++) {
                assertThat(restored.scores()).as("after %d more", i).isEqualTo(original.scores());
                long seed = random.nextLong();
                feed(original, new Random(seed));
                feed(restored, new Random(seed));
            }
            assertThat(restored.checkpoint()).isEqualTo(original.checkpoint());
        }
    }

    @Test
    void checkpointLeavesTheScoresAsTheyWere() {
        Random random = new Random(5);
        OnlineScores scores = new OnlineScores(10);
        for (int i = 0; i < 25; i++) {
            feed(scores, random);
        }
        byte[] before = scores.checkpoint();
        scores.scores();

        assertThat(scores.checkpoint()).isEqualTo(before);
    }

    @Test
    void refusesAFlippedBitTruncationAndAnotherVersion() {
        byte[] blob = learned().checkpoint();

        assertThatThrownBy(() -> OnlineScores.restore(Checkpoints.withFlippedBit(blob, 40)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("online scores checkpoint is corrupted or truncated: checksum mismatch");
        assertThatThrownBy(() -> OnlineScores.restore(Checkpoints.truncated(blob, blob.length - 9)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("checksum mismatch");
        assertThatThrownBy(() -> OnlineScores.restore(new byte[3]))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("online scores checkpoint is truncated: 3 bytes, the envelope alone has 5");
        assertThatThrownBy(() -> OnlineScores.restore(Checkpoints.resealedWith(blob, 0, (byte) 2)))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("online scores checkpoint has format version 2; this build reads version 1 only");
    }

    @Test
    void refusesAWellSealedButInconsistentCheckpoint() {
        byte[] blob = learned().checkpoint();
        // Body: version (1) | horizon (4) | count (8) at offset 5 | covered (8) at offset 13.
        byte[] moreCoveredThanCounted = Checkpoints.resealedWithLong(blob, 13, 1_000);
        byte[] negativeHorizon = Checkpoints.resealedWith(blob, 1, (byte) 0x80);

        assertThatThrownBy(() -> OnlineScores.restore(moreCoveredThanCounted))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("online scores checkpoint is malformed: counts are inconsistent: 1000 covered of 40");
        assertThatThrownBy(() -> OnlineScores.restore(negativeHorizon))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("online scores checkpoint is malformed: horizon -")
                .hasMessageEndingWith("is outside [1, 100000]");
    }

    private static OnlineScores learned() {
        Random random = new Random(9);
        OnlineScores scores = new OnlineScores(12);
        for (int i = 0; i < 40; i++) {
            feed(scores, random);
        }
        return scores;
    }

    private static void feed(OnlineScores scores, Random random) {
        double actual = 1e3 + random.nextGaussian();
        double predicted = actual + 0.3 * random.nextGaussian();
        scores.record(predicted, actual, predicted - 0.5, predicted + 0.5);
    }
}
