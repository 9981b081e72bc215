package io.linegate.gateway.it;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.linegate.proto.Alert;
import io.linegate.proto.DeadLetter;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import io.linegate.gateway.mqtt.MqttCallbackBase;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * A platform-side subscriber for tests: subscribes to everything under an upstream prefix
 * and decodes what the gateway publishes (protobuf or canonical JSON, told apart by the
 * MQTT 5 content type). Thread-safe reads.
 */
final class UpstreamRecorder implements AutoCloseable {

    private final String prefix;
    private final MqttAsyncClient client;
    private final Map<String, List<Prediction>> predictions = new ConcurrentHashMap<>();
    private final Map<String, ModelSummary> models = new ConcurrentHashMap<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final Map<String, List<Alert>> alerts = new ConcurrentHashMap<>();
    private final List<String> statuses = new CopyOnWriteArrayList<>();
    private final AtomicLong undecodable = new AtomicLong();

    UpstreamRecorder(String brokerUri, String prefix) throws MqttException {
        this.prefix = prefix;
        this.client = new MqttAsyncClient(brokerUri, "recorder-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallbackBase() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                try {
                    record(topic, message);
                } catch (RuntimeException | InvalidProtocolBufferException e) {
                    undecodable.incrementAndGet();
                }
            }
        });
        // A platform's verifier: a persistent QoS 1 session, so nothing is missed across its own reconnects.
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(300L);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription[] {new MqttSubscription(prefix + "/#", 1)}).waitForCompletion(10_000);
    }

    private void record(String topic, MqttMessage message) throws InvalidProtocolBufferException {
        String rest = topic.substring(prefix.length() + 1);
        byte[] payload = message.getPayload();
        boolean json = message.getProperties() != null
                && "application/json".equals(message.getProperties().getContentType());
        if (rest.equals("status")) {
            statuses.add(new String(payload, StandardCharsets.UTF_8));
        } else if (rest.equals("deadletters")) {
            deadLetters.add(parse(DeadLetter.newBuilder(), payload, json));
        } else if (rest.startsWith("lines/") && rest.endsWith("/predictions")) {
            Prediction p = parse(Prediction.newBuilder(), payload, json);
            predictions.computeIfAbsent(p.getLineId(), k -> new CopyOnWriteArrayList<>()).add(p);
        } else if (rest.startsWith("lines/") && rest.endsWith("/alerts")) {
            Alert a = parse(Alert.newBuilder(), payload, json);
            alerts.computeIfAbsent(a.getLineId(), k -> new CopyOnWriteArrayList<>()).add(a);
        } else if (rest.startsWith("lines/") && rest.endsWith("/model")) {
            ModelSummary m = parse(ModelSummary.newBuilder(), payload, json);
            models.put(m.getLineId(), m);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> T parse(Message.Builder builder, byte[] payload, boolean json)
            throws InvalidProtocolBufferException {
        if (json) {
            JsonFormat.parser().merge(new String(payload, StandardCharsets.UTF_8), builder);
        } else {
            builder.mergeFrom(payload);
        }
        return (T) builder.build();
    }

    /** Alerts about a line in arrival order. */
    List<Alert> alerts(String lineId) {
        return new ArrayList<>(alerts.getOrDefault(lineId, List.of()));
    }

    /** Predictions of a line in arrival order. */
    List<Prediction> predictions(String lineId) {
        return new ArrayList<>(predictions.getOrDefault(lineId, List.of()));
    }

    /** Predictions of a line ordered by seq. */
    List<Prediction> predictionsBySeq(String lineId) {
        List<Prediction> list = predictions(lineId);
        list.sort(Comparator.comparingLong(Prediction::getSeq));
        return list;
    }

    long totalPredictions() {
        return predictions.values().stream().mapToLong(List::size).sum();
    }

    ModelSummary model(String lineId) {
        return models.get(lineId);
    }

    List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    List<String> statuses() {
        return List.copyOf(statuses);
    }

    long undecodable() {
        return undecodable.get();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } finally {
            client.close(true);
        }
    }
}
