package io.linegate.sim.bench;

import io.linegate.sim.SensorIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The gateway config a benchmark run generates (keys as in the gateway README): sensors on
 * the benchmark broker (or {@code embedded}, then the embedded broker on {@code embeddedPort}),
 * default line settings (1 s windows, 1 s lateness, 3 s idle timeout), upstream protobuf
 * predictions (the default format) on the same broker under {@link #TOPIC_PREFIX}, storage in a temp dir, and the
 * {@code http} block that serves {@code /metrics} and {@code /readyz} on loopback. Pure.
 *
 * @param sensorsBroker a broker URI, or null for the embedded broker
 * @param embeddedPort  the embedded broker's port (used when {@code sensorsBroker} is null)
 * @param qos           QoS of the sensor subscription
 * @param lines         lines the load publishes (sets {@code limits.maxLines} with room)
 * @param storageDir    the gateway's {@code storage.dir}
 * @param httpPort      port of the gateway's HTTP endpoints
 * @param features      every line's feature sensor ids
 * @param window        every line's window length (idle timeout: the window plus 2 s)
 */
record GatewayYaml(String sensorsBroker, int embeddedPort, int qos, int lines, Path storageDir, int httpPort,
                   List<String> features, Duration window) {

    GatewayYaml {
        features = List.copyOf(features);
    }

    /** The defaults: the simulated features and 1 s windows. */
    GatewayYaml(String sensorsBroker, int embeddedPort, int qos, int lines, Path storageDir, int httpPort) {
        this(sensorsBroker, embeddedPort, qos, lines, storageDir, httpPort, SensorIds.FEATURES, Duration.ofSeconds(1));
    }

    static final String GATEWAY_ID = "bench";
    static final String TOPIC_PREFIX = "linegate/bench";

    /** The upstream topic filter of every line's predictions. */
    static String predictionsFilter() {
        return TOPIC_PREFIX + "/lines/+/predictions";
    }

    /** The URI the load and subscribers use: the given broker or the embedded one. */
    String brokerUri() {
        return sensorsBroker != null ? sensorsBroker : "tcp://127.0.0.1:" + embeddedPort;
    }

    /** The YAML text. */
    String text() {
        String broker = sensorsBroker != null ? sensorsBroker : "embedded";
        StringBuilder yaml = new StringBuilder()
                .append("# written by sensors-sim bench\n")
                .append("gateway:\n")
                .append("  id: ").append(GATEWAY_ID).append('\n')
                .append("sensors:\n")
                .append("  mqtt:\n")
                .append("    broker: ").append(quote(broker)).append('\n')
                .append("    subscriptions: [\"sensors/#\"]\n")
                .append("    topicPattern: \"sensors/{line}/{sensor}\"\n")
                .append("    qos: ").append(qos).append('\n')
                .append("lines:\n")
                .append("  defaults:\n")
                .append("    features: [").append(String.join(", ", features)).append("]\n")
                .append("    target: ").append(SensorIds.TARGET).append('\n')
                .append("    window: ").append(window.toMillis()).append("ms\n")
                .append("    lateness: 1s\n")
                .append("    idleTimeout: ").append(window.toMillis() + 2_000).append("ms\n")
                .append("upstream:\n")
                .append("  broker: ").append(quote(broker)).append('\n')
                .append("  topicPrefix: ").append(TOPIC_PREFIX).append('\n')
                .append("  format: protobuf\n")
                .append("  qos: 1\n")
                .append("storage:\n")
                .append("  dir: ").append(quote(storageDir.toAbsolutePath().toString())).append('\n')
                .append("limits:\n")
                .append("  maxLines: ").append(Math.max(100, lines * 2)).append('\n');
        if (sensorsBroker == null) {
            yaml.append("embeddedBroker:\n")
                    .append("  host: 127.0.0.1\n")
                    .append("  port: ").append(embeddedPort).append('\n');
        }
        yaml.append("http:\n")
                .append("  enabled: true\n")
                .append("  bind: 127.0.0.1\n")
                .append("  port: ").append(httpPort).append('\n');
        return yaml.toString();
    }

    /** A single-quoted YAML scalar (quotes doubled), safe for any path or URI. */
    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
