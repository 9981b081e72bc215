package io.linegate.gateway.it;

import io.linegate.gateway.app.EmbeddedBroker;
import io.linegate.gateway.config.EmbeddedBrokerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test brokers on free loopback ports. */
final class TestBrokers {

    private TestBrokers() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HiveMQ CE embedded in this JVM, on a free port. Start once per test class: it takes ~3 s. */
    static EmbeddedBroker hivemq() {
        try {
            Path dir = Files.createTempDirectory("linegate-it-hivemq");
            return EmbeddedBroker.start(new EmbeddedBrokerConfig("127.0.0.1", freePort(), 1_000_000), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code yaml} with {@code settings} (YAML lines, unindented) added under its {@code upstream:} key. */
    static String withUpstream(String yaml, String settings) {
        return under(yaml, "upstream:\n", "  ", settings);
    }

    /** {@code yaml} with {@code settings} (YAML lines, unindented) added under its {@code storage:} key. */
    static String withStorage(String yaml, String settings) {
        return under(yaml, "storage:\n", "  ", settings);
    }

    /** {@code yaml} with {@code settings} (YAML lines, unindented) added under its {@code sensors: mqtt:} key. */
    static String withSensors(String yaml, String settings) {
        return under(yaml, "  mqtt:\n", "    ", settings);
    }

    /** {@code yaml} with {@code settings} (YAML lines, unindented, e.g. {@code coap: ...}) added under {@code sensors:}. */
    static String withSensorsKey(String yaml, String settings) {
        return under(yaml, "sensors:\n", "  ", settings);
    }

    private static String under(String yaml, String key, String indent, String settings) {
        if (!yaml.contains(key)) {
            throw new IllegalArgumentException("no " + key.strip() + " in " + yaml);
        }
        String indented = indent + settings.strip().replace("\n", "\n" + indent) + "\n";
        return yaml.replaceFirst(java.util.regex.Pattern.quote(key), java.util.regex.Matcher.quoteReplacement(key + indented));
    }

    /** Gateway YAML that reads from and publishes to {@code brokerUri}; operator HTTP on a free port. */
    static String gatewayYaml(String brokerUri, String gatewayId, String format, Path storage, String extraLines) {
        return gatewayYaml(brokerUri, brokerUri, gatewayId, format, storage, extraLines);
    }

    /** Gateway YAML that reads from {@code sensorsUri} and publishes to {@code upstreamUri} (e.g. via a fault proxy). */
    static String gatewayYaml(String sensorsUri, String upstreamUri, String gatewayId, String format, Path storage,
                              String extraLines) {
        return """
                gateway:
                  id: %s
                sensors:
                  mqtt:
                    broker: %s
                    clientId: %s-sensors
                    subscriptions: ["sensors/#"]
                    topicPattern: "sensors/{line}/{sensor}"
                    qos: 1
                lines:
                  defaults:
                    features: [feed, state, speed]
                    target: efficiency
                    window: 1s
                    lateness: 0ms
                    idleTimeout: 1s
                    model:
                      kind: ols
                      summaryInterval: 0s
                %s
                upstream:
                  broker: %s
                  clientId: %s-upstream
                  topicPrefix: linegate/%s
                  format: %s
                  qos: 1
                storage:
                  dir: %s
                limits:
                  workers: 2
                  deadLettersPerSecond: 1000
                http:
                  port: 0
                """.formatted(gatewayId, sensorsUri, gatewayId, extraLines == null ? "" : extraLines, upstreamUri,
                gatewayId, gatewayId, format, storage.toString().replace("\\", "/"));
    }
}
