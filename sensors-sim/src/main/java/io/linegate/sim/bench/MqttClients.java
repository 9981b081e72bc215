package io.linegate.sim.bench;

import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Connecting and closing the benchmark's Paho clients (clean start, in-memory persistence, no reconnect). */
final class MqttClients {

    private static final long CLOSE_WAIT_MS = 3_000;

    private MqttClients() {
    }

    /** Connects a new client, blocking up to {@code timeoutMs}; the callback is set before connecting. */
    static Connection connect(String brokerUri, String idPrefix, MqttCallback callback, long timeoutMs) {
        String clientId = idPrefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20);
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new BenchException("cannot create an MQTT client for " + brokerUri + ": " + e.getMessage(), e);
        }
        client.setCallback(callback);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) Math.max(1, timeoutMs / 1000));
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(timeoutMs);
            if (!client.isConnected()) {
                throw new BenchException("cannot connect to " + brokerUri + ": no answer within " + timeoutMs + " ms");
            }
            MqttProperties properties = token.getResponseProperties();
            Integer receiveMaximum = properties == null ? null : properties.getReceiveMaximum();
            return new Connection(client, receiveMaximum == null || receiveMaximum <= 0 ? 65_535 : receiveMaximum);
        } catch (MqttException e) {
            close(client);
            throw new BenchException("cannot connect to " + brokerUri + ": " + e.getMessage(), e);
        }
    }

    /** A connected client and the broker's Receive Maximum (65535, MQTT 5's default, when it names none). */
    record Connection(MqttAsyncClient client, int receiveMaximum) {
    }

    /** Disconnects and closes, ignoring failures (the run is over). */
    static void close(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(500).waitForCompletion(CLOSE_WAIT_MS);
            }
        } catch (MqttException | RuntimeException e) {
            // Closing anyway.
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, CLOSE_WAIT_MS, false);
            }
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            // Nothing else to release.
        }
    }

    /** A callback that ignores everything but arrivals, which go to {@code onMessage}. */
    static MqttCallback onMessage(MessageHandler onMessage) {
        return new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // Counted as a shortfall by whoever reads the counters.
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // As above.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                try {
                    onMessage.arrived(topic, message);
                } catch (RuntimeException e) {
                    // An exception escaping a Paho callback would drop the connection.
                }
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // Outcomes go through the per-publish listener.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // Connected once, by connect().
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // No enhanced authentication.
            }
        };
    }

    /** Called on Paho's callback thread for every message. */
    @FunctionalInterface
    interface MessageHandler {
        void arrived(String topic, MqttMessage message);
    }
}
