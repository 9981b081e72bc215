package io.linegate.gateway.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.linegate.gateway.model.OlsModel;
import io.linegate.gateway.quality.OnlineScores;
import io.linegate.proto.Coefficient;
import io.linegate.proto.ModelSummary;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboundMessagesTest {

    @Test
    void aRankDeficientModelIsFlaggedAndItsCoefficientsAreFiniteOnTheWire() {
        OlsModel model = new OlsModel(List.of("feed", "state"));
        for (int i = 0; i < 20; i++) {
            model.learn(new double[] {i, 1}, 3 + 2 * i + (i % 2 == 0 ? 0.1 : -0.1));  // state never varies
        }

        ModelSummary summary = OutboundMessages.modelSummary("gw", "L1", "efficiency", model.snapshot(), 20, 0,
                new OutboundMessages.Quality(new OnlineScores().scores(), List.of(), Optional.empty(), "none", 0, 0,
                        1));

        assertThat(summary.getRankDeficient()).isTrue();
        assertThat(summary.getCoefficientsList()).allSatisfy(c -> assertThat(c.hasEstimate()).isTrue());
        Coefficient state = summary.getCoefficients(2);
        assertThat(state.getName()).isEqualTo("state");
        assertThat(state.getAliased()).isTrue();
        assertThat(state.getEstimate()).isZero();
        assertThat(summary.getCoefficients(1).getEstimate()).isCloseTo(2, org.assertj.core.data.Offset.offset(0.05));
        assertThat(summary.hasDrift()).isFalse();
    }
}
