package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Verifies the coaps transport against a real Scandium server reading the same kind of PSK
 * file: readings arrive over DTLS, a wrong key fails the handshake and is reported as such,
 * and the key never shows up in any log line (captured at DEBUG) or command output.
 */
@Timeout(60)
class CoapsFleetTest {

    private static final long START_MS = 1_764_340_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(START_MS), ZoneOffset.UTC);
    private static final String IDENTITY = "fleet-7";

    @TempDir
    Path dir;

    private final byte[] key = randomKey();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Appender<ILoggingEvent> console;
    private Level rootLevel;
    private CoapTestServer server;

    @BeforeEach
    void startServerAndCaptureLogs() throws IOException {
        server = CoapTestServer.dtls(pskFile("gateway.psk", key));
        rootLevel = root.getLevel();
        console = root.getAppender("STDERR");
        root.detachAppender(console);
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stopAndRestoreLogging() {
        server.close();
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        root.addAppender(console);
        ThreadCheck.awaitNoCoapThreads();
    }

    @Test
    void sendsTheSameReadingsAsMqttOverDtlsWithTheKeyFromThePskFile() throws Exception {
        FleetConfig config = FleetConfig.builder().lines(2).seed(3).format(PayloadFormat.SENML_CBOR).accelerated(START_MS)
                .maxTicks(20).coap(CoapTarget.coaps(server.uri(), pskFile("fleet.psk", key), IDENTITY).withDevices(2))
                .build();

        try (Fleet fleet = Fleet.start(config, CLOCK)) {
            fleet.completion().get(30, TimeUnit.SECONDS);
            assertThat(fleet.coapOutcomes().orElseThrow().changed()).isEqualTo(2 * 20);
        }

        List<CoapTestServer.Received> received = server.received();
        assertThat(received).hasSize(2 * 20).allSatisfy(r -> assertThat(r.contentFormat()).isEqualTo(112));
        assertThat(FleetOverCoapTest.decoded(PayloadFormat.SENML_CBOR, received)).hasSize(2 * 20 * 4)
                .containsExactlyInAnyOrderElementsOf(FleetOverCoapTest.decodedMqtt(PayloadFormat.SENML,
                        FleetOverCoapTest.overMqtt(config)));
        assertKeyNeverLogged();
    }

    @Test
    void aWrongKeyFailsTheHandshakeAtStartAndSaysSo() throws Exception {
        FleetConfig config = FleetConfig.builder().lines(1).format(PayloadFormat.PROTOBUF).accelerated(START_MS)
                .maxTicks(5).connectTimeout(Duration.ofSeconds(3))
                .coap(CoapTarget.coaps(server.uri(), pskFile("wrong.psk", randomKey()), IDENTITY)).build();

        assertThatThrownBy(() -> Fleet.start(config, CLOCK)).isInstanceOf(FleetException.class)
                .hasMessageStartingWith("cannot reach " + server.uri() + ": the DTLS handshake did not complete within 3s"
                        + " (wrong PSK identity or key?");
        assertThat(server.received()).isEmpty();
        assertKeyNeverLogged();
    }

    @Test
    void theCommandLineReportsCoapOutcomesAndNeverPrintsTheKey() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = SensorsSimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "fleet",
                "--protocol", "coaps", "--coap-uri", server.uri().toString(), "--psk-file",
                pskFile("fleet.psk", key).toString(), "--psk-identity", IDENTITY, "--devices", "2", "--format", "protobuf",
                "--lines", "3", "--accelerated", "--max-ticks", "10", "--progress-interval", "0");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Sending 3 lines x 10 ticks/s as protobuf (content-format 65100) to "
                        + server.uri() + "/lines/<line> from 2 devices (CON, 8 in flight per device")
                .contains("published 30 messages (120 readings)")
                .contains("CoAP: 30 requests (", "2.04: 30, other codes: none, retries after 5.03: 0, timeouts: 0,"
                        + " handshake failures: 0, errors: 0, message-ID waits: 0");
        assertThat(out + err.toString()).doesNotContain(Base64.getEncoder().encodeToString(key))
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(key));
        assertKeyNeverLogged();
    }

    @Test
    void aWrongKeyOnTheCommandLineExitsOneWithTheHandshakeFailure() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        byte[] wrong = randomKey();

        int code = SensorsSimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "fleet",
                "--protocol", "coaps", "--coap-uri", server.uri().toString(), "--psk-file",
                pskFile("wrong.psk", wrong).toString(), "--psk-identity", IDENTITY, "--connect-timeout", "3s");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: cannot reach " + server.uri() + ": the DTLS handshake did not complete");
        assertThat(out + err.toString()).doesNotContain(Base64.getEncoder().encodeToString(wrong));
    }

    @Test
    void anIdentityMissingFromThePskFileIsNamedWithoutAnyKey() throws Exception {
        FleetConfig config = FleetConfig.builder().format(PayloadFormat.PROTOBUF)
                .coap(CoapTarget.coaps(server.uri(), pskFile("fleet.psk", key), "someone-else")).build();

        assertThatThrownBy(() -> Fleet.start(config, CLOCK)).isInstanceOf(FleetException.class)
                .hasMessageContaining("has no key for identity 'someone-else' (1 identities read")
                .message().doesNotContain(Base64.getEncoder().encodeToString(key));
    }

    private void assertKeyNeverLogged() {
        String base64 = Base64.getEncoder().encodeToString(key);
        String hex = HexFormat.of().formatHex(key);
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(text).doesNotContain(base64).doesNotContainIgnoringCase(hex);
        }
    }

    private Path pskFile(String name, byte[] secret) throws IOException {
        return Files.writeString(dir.resolve(name), "# Linegate sensor identities\n" + IDENTITY + "="
                + Base64.getEncoder().encodeToString(secret) + "\n");
    }

    private static byte[] randomKey() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
