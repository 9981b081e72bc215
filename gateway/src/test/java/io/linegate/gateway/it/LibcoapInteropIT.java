package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.decode.RejectReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that libcoap's Debian clients ({@code coap-client-notls}, {@code coap-client-openssl},
 * package {@code libcoap3-bin}) get readings into a running gateway over CoAP and CoAPs-PSK.
 * Skipped, with the reason, when the clients are not installed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LibcoapInteropIT {

    private static final String NOTLS = "coap-client-notls";
    private static final String OPENSSL = "coap-client-openssl";
    private static final String IDENTITY = "sensor-1";
    /** Printable, because coap-client takes the key as text. */
    private static final String KEY = "linegate-test-key-0001";

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    private static boolean installed(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    private Gateway start(String gatewayId) throws IOException {
        Path psk = storage.resolve("psk.txt");
        Files.writeString(psk, IDENTITY + "=" + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8))
                + "\n");
        String yaml = TestBrokers.withSensorsKey(TestBrokers.gatewayYaml(broker.uri(), gatewayId, "json",
                storage.resolve("data"), null), """
                coap:
                  bind: 127.0.0.1
                  port: 0
                  dtls: {bind: 127.0.0.1, port: 0, pskFile: "%s"}
                """.formatted(psk.toString().replace("\\", "/")));
        return Gateway.start(ConfigLoader.parse(yaml), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    /** Runs a coap-client; returns what it printed. It gives up by itself after 5 s ({@code -B 5}). */
    private static String run(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        args.add(1, "-B");
        args.add(2, "5");
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("%s finished", args).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit of %s: %s", args, output).isZero();
        return output;
    }

    private static double accepted(Gateway gateway) {
        return Meters.count(gateway.meters(), "linegate.coap.requests", "code", "2.04");
    }

    @Test
    void plainPostsOfJsonAndSenmlAreAccepted() throws Exception {
        Assumptions.assumeTrue(installed(NOTLS), NOTLS + " not installed (apt-get install libcoap3-bin)");
        ThreadLeakCheck threads = new ThreadLeakCheck();
        try (Gateway gateway = start("libcoap-plain")) {
            String base = "coap://127.0.0.1:" + gateway.coapAddress().getPort();

            String json = run(NOTLS, "-m", "post", "-t", "50", "-e", "{\"value\":3.2}", base + "/lines/L1/sensors/feed");
            String senml = run(NOTLS, "-m", "post", "-t", "110", "-e", "[{\"n\":\"feed\",\"v\":3.3},{\"n\":\"state\",\"v\":1}]",
                    base + "/lines/L1");
            String bad = run(NOTLS, "-m", "post", "-t", "50", "-e", "{\"value\":NaN}", base + "/lines/L1/sensors/feed");

            assertThat(json).contains("accepted 1");
            assertThat(senml).contains("accepted 2");
            assertThat(bad).contains("NOT_FINITE");
            assertThat(accepted(gateway)).isEqualTo(2);
            assertThat(gateway.rejections().count("coap", RejectReason.NOT_FINITE)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> gateway.meters().get("linegate.readings.accepted").counter().count() == 3);
        }
        threads.assertNoNewThreads("linegate-", "CoapServer", "UDP-", "DTLS");
    }

    @Test
    void dtlsPskPostIsAccepted() throws Exception {
        Assumptions.assumeTrue(installed(OPENSSL), OPENSSL + " not installed (apt-get install libcoap3-bin)");
        try (Gateway gateway = start("libcoap-dtls")) {
            String uri = "coaps://127.0.0.1:" + gateway.coapsAddress().getPort() + "/lines/L1/sensors/feed";

            String output = run(OPENSSL, "-m", "post", "-u", IDENTITY, "-k", KEY, "-t", "50", "-e", "{\"value\":3.2}", uri);

            assertThat(output).contains("accepted 1");
            assertThat(accepted(gateway)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> gateway.meters().get("linegate.readings.accepted").counter().count() == 1);
        }
    }
}
