package io.linegate.gateway.config;

import java.util.Objects;

/**
 * The in-process broker started when a broker is {@code embedded} ({@code embeddedBroker}).
 *
 * @param host        bind address (loopback by default: nothing listens beyond it unless configured)
 * @param port        MQTT TCP port
 * @param maxQueuedMessages per-client queue of the broker; its default (1000) discards under load
 */
public record EmbeddedBrokerConfig(String host, int port, int maxQueuedMessages) {

    public EmbeddedBrokerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535. Found: " + port);
        }
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("maxQueuedMessages must be greater than 0. Found: " + maxQueuedMessages);
        }
    }

    /** The URI clients use to reach it. */
    public String uri() {
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
