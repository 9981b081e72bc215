package io.linegate.gateway.ingest.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.californium.scandium.dtls.pskstore.MultiPskFileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies the PSK file reader: Scandium's format, and errors that name the line but never a key. */
class PskFileTest {

    @TempDir
    Path dir;

    @Test
    void readsIdentitiesWithBase64AndHexKeysSkippingComments() throws Exception {
        Path file = Files.writeString(dir.resolve("psk.txt"), """
                # line devices
                sensor-1=c2VjcmV0LW9uZQ==

                sensor-2=:0x0102A0ff
                """);

        MultiPskFileStore store = PskFile.load(file);

        assertThat(store.size()).isEqualTo(2);
        assertThat(store.getSecret("sensor-1").getEncoded()).isEqualTo("secret-one".getBytes());
        assertThat(store.getSecret("sensor-2").getEncoded()).isEqualTo(new byte[] {1, 2, (byte) 0xA0, (byte) 0xFF});
    }

    @Test
    void namesTheLineOfABadEntryButNeverItsKey() throws Exception {
        Path file = Files.writeString(dir.resolve("psk.txt"), "sensor-1=c2VjcmV0\nsensor-2=not*base64!secret\n");

        assertThatThrownBy(() -> PskFile.load(file))
                .hasMessageContaining("line 2")
                .hasMessageNotContaining("not*base64!secret");
    }

    @Test
    void refusesAFileWithoutEntriesOrWithARepeatedIdentity() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing yet\n");
        Path twice = Files.writeString(dir.resolve("twice.txt"), "a=c2VjcmV0\na=c2VjcmV0\n");

        assertThatThrownBy(() -> PskFile.load(empty)).hasMessageContaining("no identity");
        assertThatThrownBy(() -> PskFile.load(twice)).hasMessageContaining("line 2").hasMessageContaining("twice");
    }
}
