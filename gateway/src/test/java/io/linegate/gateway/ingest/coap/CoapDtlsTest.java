package io.linegate.gateway.ingest.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Verifies the CoAPs endpoint: a client with the right pre-shared key gets its readings in, one
 * with a wrong key gets nothing in, and no key ever reaches the logs (captured at DEBUG).
 */
class CoapDtlsTest {

    private static final String IDENTITY = "sensor-1";

    @TempDir
    Path dir;

    private final byte[] key = new byte[16];
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Level rootLevel;
    private CoapHarness coap;

    @BeforeEach
    void start() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
        new SecureRandom().nextBytes(key);
        Path psk = dir.resolve("psk.txt");
        Files.writeString(psk, "# gateway PSKs\n\n" + IDENTITY + "=" + Base64.getEncoder().encodeToString(key) + "\n"
                + "other=" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4}) + "\n");
        coap = new CoapHarness(dir, """
                    enabled: false
                    dtls:
                      bind: 127.0.0.1
                      port: 0
                      cidLength: 6
                      pskFile: %s
                """.formatted(psk.toString().replace("\\", "/")), null, true, 10_000, ObserveTiming.defaults());
    }

    @AfterEach
    void stop() {
        coap.close();
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    private CoapResponse postWithKey(byte[] clientKey, long timeoutMs) {
        DtlsConnectorConfig config = DtlsConnectorConfig.builder(CaliforniumSettings.create(8192))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1)
                .setAdvancedPskStore(new AdvancedSinglePskStore(IDENTITY, clientKey))
                .build();
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConnector(new DTLSConnector(config))
                .setConfiguration(CaliforniumSettings.create(8192)).build();
        CoapClient client = new CoapClient("coaps://127.0.0.1:" + coap.dtlsPort() + "/lines/L1/sensors/feed");
        client.setEndpoint(endpoint);
        client.setTimeout(timeoutMs);
        try {
            return client.post("42.5", MediaTypeRegistry.TEXT_PLAIN);
        } catch (Exception e) {
            return null;
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }

    @Test
    void acceptsReadingsFromAClientWithTheRightKey() {
        CoapResponse response = postWithKey(key, 10_000);

        assertThat(response).isNotNull();
        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        await().atMost(Duration.ofSeconds(5)).until(() -> coap.accepted() == 1);
        assertNoKeyInLogs();
    }

    @Test
    void refusesAClientWithAWrongKey() {
        byte[] wrong = key.clone();
        wrong[0] ^= 1;

        CoapResponse response = postWithKey(wrong, 4_000);

        assertThat(response == null || response.getCode() != ResponseCode.CHANGED).as("no 2.04").isTrue();
        assertThat(coap.accepted()).isZero();
        assertThat(coap.count("linegate.ingest.messages", "source", "coap")).isZero();
        assertNoKeyInLogs();
    }

    private void assertNoKeyInLogs() {
        List<String> secrets = List.of(Base64.getEncoder().encodeToString(key), HexFormat.of().formatHex(key),
                HexFormat.of().withUpperCase().formatHex(key), new String(key, StandardCharsets.ISO_8859_1));
        assertThat(logs.list).as("log events captured").isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertThat(text).as("log line of %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
    }
}
