package io.linegate.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Where predictions go ({@code upstream}).
 *
 * @param broker        broker URI or {@code embedded} (the in-process broker)
 * @param clientId      MQTT client id
 * @param topicPrefix   prefix of every upstream topic, e.g. {@code linegate/edge-01}
 * @param format        payload format
 * @param qos           publish QoS, 0..2
 * @param maxInFlight   most unacknowledged publishes at once (also capped by the broker's receive maximum)
 * @param replayRate    most backlog records sent per second after an outage or restart; 0 = unpaced
 * @param keepAlive     keep-alive interval
 * @param username      optional user name
 * @param password      optional password
 */
public record UpstreamConfig(
        String broker,
        String clientId,
        String topicPrefix,
        OutputFormat format,
        int qos,
        int maxInFlight,
        int replayRate,
        Duration keepAlive,
        String username,
        String password) {

    /** Backlog records per second after an outage unless configured: a few hours of backlog drain in minutes. */
    public static final int DEFAULT_REPLAY_RATE = 2_000;

    public UpstreamConfig {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(format, "format");
        if (topicPrefix.isEmpty() || topicPrefix.contains("+") || topicPrefix.contains("#")
                || topicPrefix.startsWith("/") || topicPrefix.endsWith("/")) {
            throw new IllegalArgumentException(
                    "topicPrefix must be a non-empty topic without wildcards or leading/trailing '/'. Found: " + topicPrefix);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2. Found: " + qos);
        }
        if (replayRate < 0) {
            throw new IllegalArgumentException("replayRate must be 0 (unpaced) or greater. Found: " + replayRate);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be greater than 0. Found: " + maxInFlight);
        }
    }

    public boolean embedded() {
        return GatewayConfig.EMBEDDED.equals(broker);
    }

    @Override
    public String toString() {
        return "UpstreamConfig[broker=" + broker + ", clientId=" + clientId + ", topicPrefix=" + topicPrefix
                + ", format=" + format + ", qos=" + qos + "]";
    }
}
