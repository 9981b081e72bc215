package io.linegate.gateway.app;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.linegate.gateway.mqtt.MqttConnection;
import io.linegate.gateway.mqtt.MqttEndpoint;
import io.linegate.proto.Coefficient;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.linegate.sim.GroundTruth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.linegate.gateway.mqtt.MqttCallbackBase;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * The demo's view from the platform side: subscribes upstream like any consumer would
 * (JSON predictions and retained model summaries) and renders a table of learned versus
 * true coefficients. Paho's thread stores the latest messages; {@link #table} reads them.
 */
final class DemoMonitor implements AutoCloseable {

    private final String prefix;
    private final MqttConnection connection;
    private final Map<String, ModelSummary> models = new ConcurrentHashMap<>();
    private final Map<String, Prediction> lastPredictions = new ConcurrentHashMap<>();

    DemoMonitor(String brokerUri, String prefix) {
        this.prefix = prefix;
        this.connection = new MqttConnection(new MqttEndpoint("demo-monitor", brokerUri,
                "linegate-demo-monitor", Duration.ofSeconds(30), null, null), new MqttConnectionOptions(),
                new MqttCallbackBase() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                try {
                    String json = new String(message.getPayload(), StandardCharsets.UTF_8);
                    if (topic.endsWith("/model")) {
                        ModelSummary.Builder b = ModelSummary.newBuilder();
                        JsonFormat.parser().ignoringUnknownFields().merge(json, b);
                        models.put(b.getLineId(), b.build());
                    } else if (topic.endsWith("/predictions")) {
                        Prediction.Builder b = Prediction.newBuilder();
                        JsonFormat.parser().ignoringUnknownFields().merge(json, b);
                        if (b.hasPredicted()) {
                            lastPredictions.put(b.getLineId(), b.build());
                        }
                    }
                } catch (InvalidProtocolBufferException | RuntimeException e) {
                    // A display: skip what it cannot read.
                }
            }

        });
    }

    void start() {
        connection.start(c -> subscribe());
    }

    private void subscribe() {
        try {
            connection.client().subscribe(new MqttSubscription[] {
                new MqttSubscription(prefix + "/lines/+/model", 0),
                new MqttSubscription(prefix + "/lines/+/predictions", 0)});
        } catch (MqttException e) {
            // retried on the next reconnect
        }
    }

    /** The current table: per line, windows learned, R², learned (true) coefficients, last prediction. */
    String table(List<GroundTruth> truths) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-5s %7s %7s  %-68s %s%n", "line", "windows", "R²",
                "learned coefficient (true)", "last prediction [95% interval] vs actual"));
        for (GroundTruth truth : truths) {
            ModelSummary m = models.get(truth.lineId());
            Prediction p = lastPredictions.get(truth.lineId());
            StringBuilder coefficients = new StringBuilder();
            if (m != null && !m.getUnderdetermined()) {
                for (Coefficient c : m.getCoefficientsList()) {
                    double expected = c.getName().equals("intercept") ? truth.intercept()
                            : truth.coefficient(c.getName());
                    coefficients.append(String.format(Locale.ROOT, "%s %.3g (%.3g)  ",
                            c.getName().equals("intercept") ? "b0" : c.getName(), c.getEstimate(), expected));
                }
            } else {
                coefficients.append("learning…");
            }
            String prediction = p == null ? "-" : String.format(Locale.ROOT, "%.2f [%.2f, %.2f] vs %s",
                    p.getPredicted(), p.getIntervalLower(), p.getIntervalUpper(),
                    p.hasActual() ? String.format(Locale.ROOT, "%.2f", p.getActual()) : "-");
            out.append(String.format(Locale.ROOT, "%-5s %7d %7s  %-68s %s%n", truth.lineId(),
                    m == null ? 0 : m.getObservations(),
                    m == null || m.getUnderdetermined() ? "-" : String.format(Locale.ROOT, "%.4f", m.getRSquared()),
                    coefficients.toString().trim(), prediction));
            if (m != null && m.getInfluenceRankingCount() > 0) {
                out.append(String.format(Locale.ROOT, "%-5s %7s %7s  most influential: %s%n", "", "", "",
                        String.join(" > ", m.getInfluenceRankingList())));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        connection.close();
    }
}
