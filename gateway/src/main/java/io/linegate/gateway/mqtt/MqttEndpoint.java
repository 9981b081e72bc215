package io.linegate.gateway.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one broker as one client.
 *
 * @param role       short name for logs and metrics, e.g. {@code sensors} or {@code upstream}
 * @param serverUri  broker URI, e.g. {@code tcp://127.0.0.1:1883}
 * @param clientId   MQTT client id
 * @param keepAlive  keep-alive interval
 * @param username   optional user name
 * @param password   optional password
 */
public record MqttEndpoint(String role, String serverUri, String clientId, Duration keepAlive, String username,
                           String password) {

    public MqttEndpoint {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(keepAlive, "keepAlive");
    }

    @Override
    public String toString() {
        return "MqttEndpoint[role=" + role + ", serverUri=" + serverUri + ", clientId=" + clientId + "]";
    }
}
