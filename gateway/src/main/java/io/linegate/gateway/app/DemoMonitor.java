package io.linegate.gateway.app;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.linegate.gateway.mqtt.MqttCallbackBase;
import io.linegate.gateway.mqtt.MqttConnection;
import io.linegate.gateway.mqtt.MqttEndpoint;
import io.linegate.proto.Alert;
import io.linegate.proto.Coefficient;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.linegate.proto.ScoreSpan;
import io.linegate.sim.GroundTruth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<String, Alert> lastAlerts = new ConcurrentHashMap<>();

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
                    } else if (topic.endsWith("/alerts")) {
                        Alert.Builder b = Alert.newBuilder();
                        JsonFormat.parser().ignoringUnknownFields().merge(json, b);
                        lastAlerts.put(b.getLineId(), b.build());
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
                new MqttSubscription(prefix + "/lines/+/predictions", 0),
                new MqttSubscription(prefix + "/lines/+/alerts", 1)});
        } catch (MqttException e) {
            // retried on the next reconnect
        }
    }

    /**
     * The current table: per line, windows learned, model kind, R² of the fit, RMSE and interval
     * coverage of its recent honest predictions, learned (true now) coefficients and the last
     * prediction; then the dominant factor in plain words and the last drift alert.
     *
     * @param sinceStart how long the fleet has run, for the true coefficients after any drift
     */
    String table(List<GroundTruth> truths, Duration sinceStart) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-4s %7s %-4s %6s %6s %6s  %-62s %s%n", "line", "windows", "kind",
                "R²", "RMSE", "cover", "learned coefficient (true now)", "last prediction [95% interval] vs actual"));
        for (GroundTruth initial : truths) {
            GroundTruth truth = initial.at(sinceStart);
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
            String prediction = p == null ? "-" : String.format(Locale.ROOT, "%.2f [%.2f, %.2f] vs %s%s",
                    p.getPredicted(), p.getIntervalLower(), p.getIntervalUpper(),
                    p.hasActual() ? String.format(Locale.ROOT, "%.2f", p.getActual()) : "-",
                    p.getAnomaly() ? "  ANOMALY" : "");
            boolean fitted = m != null && !m.getUnderdetermined();
            ScoreSpan recent = m == null ? ScoreSpan.getDefaultInstance() : m.getScores().getRecent();
            out.append(String.format(Locale.ROOT, "%-4s %7d %-4s %6s %6s %6s  %-62s %s%n", truth.lineId(),
                    m == null ? 0 : m.getObservations(), m == null ? "-" : m.getModelKind(),
                    fitted ? String.format(Locale.ROOT, "%.4f", m.getRSquared()) : "-",
                    recent.hasRmse() ? String.format(Locale.ROOT, "%.3f", recent.getRmse()) : "-",
                    recent.hasCoverage() ? String.format(Locale.ROOT, "%.0f%%", 100 * recent.getCoverage()) : "-",
                    coefficients.toString().trim(), prediction));
            if (m != null && m.getInfluenceCount() > 0 && fitted) {
                out.append(String.format(Locale.ROOT, "%-4s %s%n", "", m.getInfluence(0).getText()));
            }
            Alert alert = lastAlerts.get(truth.lineId());
            if (alert != null) {
                out.append(String.format(Locale.ROOT, "%-4s drift alarms %d; last: %s%n", "",
                        m == null ? 1 : m.getDrift().getAlarms(), alert.getMessage()));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        connection.close();
    }
}
