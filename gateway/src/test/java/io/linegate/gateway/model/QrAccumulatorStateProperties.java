package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Any bytes given to {@link QrAccumulator.State#fromBytes} decode to a state or are refused, never misread. */
class QrAccumulatorStateProperties {

    @Property(tries = 500)
    void anyBytesAreAStateThatReencodesToThemOrACheckpointException(@ForAll byte[] bytes) {
        try {
            QrAccumulator.State state = QrAccumulator.State.fromBytes(bytes);
            assertThat(state.toBytes()).isEqualTo(bytes);
        } catch (CheckpointException expected) {
            assertThat(expected.getMessage()).startsWith("QR factor state ");
        }
    }
}
