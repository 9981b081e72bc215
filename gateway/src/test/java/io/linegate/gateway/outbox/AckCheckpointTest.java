package io.linegate.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AckCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWrote() throws IOException {
        AckCheckpoint checkpoint = new AckCheckpoint(17, List.of(19L, 23L));
        checkpoint.write(dir);

        assertThat(AckCheckpoint.read(dir)).isEqualTo(checkpoint);
        assertThat(dir.resolve(AckCheckpoint.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void replacesThePreviousCheckpoint() throws IOException {
        new AckCheckpoint(17, List.of(19L)).write(dir);
        new AckCheckpoint(40, List.of()).write(dir);

        assertThat(AckCheckpoint.read(dir)).isEqualTo(new AckCheckpoint(40, List.of()));
    }

    @Test
    void readsAsNoneWhenMissing() throws IOException {
        assertThat(AckCheckpoint.read(dir)).isEqualTo(AckCheckpoint.NONE);
    }

    @Test
    void readsAsNoneWhenDamagedSoRecordsAreReSentRatherThanLost() throws IOException {
        new AckCheckpoint(17, List.of(19L)).write(dir);
        byte[] bytes = Files.readAllBytes(dir.resolve(AckCheckpoint.FILE));
        bytes[10] ^= 4;
        Files.write(dir.resolve(AckCheckpoint.FILE), bytes);

        assertThat(AckCheckpoint.read(dir)).isEqualTo(AckCheckpoint.NONE);
    }

    @Test
    void holdsAtMostTheConfiguredNumberOfOutOfOrderAcknowledgements() {
        List<Long> tooMany = LongStream.rangeClosed(1, AckCheckpoint.MAX_ACKED_ABOVE + 1).boxed().toList();

        assertThatThrownBy(() -> new AckCheckpoint(0, tooMany))
                .hasMessage("ackedAbove must hold at most 4096 ids. Found: 4097");
    }
}
