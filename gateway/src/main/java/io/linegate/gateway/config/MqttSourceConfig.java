package io.linegate.gateway.config;

import io.linegate.gateway.decode.PayloadFormat;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where readings come from over MQTT ({@code sensors.mqtt}).
 *
 * @param enabled       whether the gateway subscribes at all ({@code false} when only CoAP feeds it)
 * @param broker        broker URI ({@code tcp://host:1883}, {@code ssl://...}) or {@code embedded}
 * @param clientId      MQTT client id
 * @param subscriptions topic filters with their QoS and payload format
 * @param topicPattern  where line and sensor ids sit in a topic
 * @param qos           default subscription QoS, 0..2
 * @param format        default payload format of subscriptions that name none (AUTO detects)
 * @param cleanStart    MQTT 5 clean start
 * @param sessionExpiry MQTT 5 session expiry interval (0 = session ends with the connection)
 * @param keepAlive     keep-alive interval
 * @param username      optional user name
 * @param password      optional password
 */
public record MqttSourceConfig(
        boolean enabled,
        String broker,
        String clientId,
        List<Subscription> subscriptions,
        TopicPattern topicPattern,
        int qos,
        PayloadFormat format,
        boolean cleanStart,
        Duration sessionExpiry,
        Duration keepAlive,
        String username,
        String password) {

    public MqttSourceConfig {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(clientId, "clientId");
        subscriptions = List.copyOf(subscriptions);
        Objects.requireNonNull(topicPattern, "topicPattern");
        Objects.requireNonNull(format, "format");
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("subscriptions must list at least one topic filter");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2. Found: " + qos);
        }
    }

    /**
     * The payload format of a message on {@code topic}: that of the first subscription whose
     * filter matches it and that names a format, else {@link #format()}.
     */
    public PayloadFormat formatFor(String topic) {
        if (subscriptions.size() == 1) {
            return subscriptions.get(0).format();
        }
        for (Subscription s : subscriptions) {
            if (s.format() != PayloadFormat.AUTO && s.matches(topic)) {
                return s.format();
            }
        }
        return format;
    }

    /** Whether MQTT runs and reads from the in-process broker. */
    public boolean embedded() {
        return enabled && GatewayConfig.EMBEDDED.equals(broker);
    }

    @Override
    public String toString() {
        return "MqttSourceConfig[broker=" + broker + ", clientId=" + clientId + ", subscriptions=" + subscriptions
                + ", topicPattern=" + topicPattern + ", qos=" + qos + ", format=" + format + "]";
    }
}
