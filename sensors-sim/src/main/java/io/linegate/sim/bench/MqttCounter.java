package io.linegate.sim.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A subscriber that counts what arrives on a topic filter and otherwise does nothing (the
 * no-op baseline), optionally handing each message to a handler (prediction latency).
 * Connected and subscribed (SUBACK received) when {@link #subscribe} returns. The handler
 * runs on Paho's callback thread; counters may be read from any thread.
 */
final class MqttCounter implements ArrivalCounter, AutoCloseable {

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private final MqttClients.MessageHandler handler;
    private MqttAsyncClient client;

    private MqttCounter(MqttClients.MessageHandler handler) {
        this.handler = handler;
    }

    /** Connects to {@code brokerUri} and subscribes to {@code filter} at {@code qos}, blocking up to {@code timeoutMs}. */
    static MqttCounter subscribe(String brokerUri, String filter, int qos, long timeoutMs,
                                 MqttClients.MessageHandler handler) {
        MqttCounter counter = new MqttCounter(handler);
        counter.client = MqttClients.connect(brokerUri, "bench-sub", MqttClients.onMessage(counter::arrived),
                timeoutMs).client();
        try {
            counter.client.subscribe(filter, qos).waitForCompletion(timeoutMs);
        } catch (MqttException e) {
            counter.close();
            throw new BenchException("cannot subscribe to " + filter + " on " + brokerUri + ": " + e.getMessage(), e);
        }
        return counter;
    }

    /** Paho's callback thread. */
    private void arrived(String topic, MqttMessage message) {
        messages.incrementAndGet();
        lastArrivalNanos.set(System.nanoTime());
        handler.arrived(topic, message);
    }

    @Override
    public long messages() {
        return messages.get();
    }

    @Override
    public long lastArrivalNanos() {
        return lastArrivalNanos.get();
    }

    @Override
    public void close() {
        if (client != null) {
            MqttClients.close(client);
        }
    }
}
