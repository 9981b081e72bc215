package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.mqtt.MqttCallbackBase;
import io.linegate.gateway.mqtt.MqttConnection;
import io.linegate.gateway.mqtt.MqttEndpoint;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway's MQTT connection against a real broker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttConnectionIT {

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @Test
    void keepsAnIdleConnectionAliveWithPingsFromItsMonotonicScheduler() {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        MqttConnection connection = new MqttConnection(
                new MqttEndpoint("test", broker.uri(), "keepalive-test", Duration.ofSeconds(2), null, null),
                new MqttConnectionOptions(), new MqttCallbackBase() { });
        try {
            connection.start(c -> { });
            await().atMost(Duration.ofSeconds(10)).until(connection::isConnected);

            // The broker drops a client silent for 1.5 keepalives; only pings keep this one connected.
            await("connected through four keepalive intervals without traffic").during(Duration.ofSeconds(7))
                    .atMost(Duration.ofSeconds(9)).until(connection::isConnected);
            assertThat(connection.connects()).as("never reconnected").isEqualTo(1);
            assertThat(Thread.getAllStackTraces().keySet()).as("no wall-clock java.util.Timer ping thread")
                    .noneMatch(t -> t.getName().startsWith("MQTT Ping"));
        } finally {
            connection.close();
        }
        threads.assertNoNewThreads("linegate-", "MQTT");
    }
}
