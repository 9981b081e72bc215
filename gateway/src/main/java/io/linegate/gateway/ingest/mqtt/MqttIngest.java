package io.linegate.gateway.ingest.mqtt;

import io.linegate.gateway.config.MqttSourceConfig;
import io.linegate.gateway.config.TopicPattern;
import io.linegate.gateway.decode.DecodeResult;
import io.linegate.gateway.decode.PayloadFormat;
import io.linegate.gateway.decode.ReadingDecoder;
import io.linegate.gateway.decode.RejectReason;
import io.linegate.gateway.mqtt.MqttCallbackBase;
import io.linegate.gateway.mqtt.MqttConnection;
import io.linegate.gateway.mqtt.MqttEndpoint;
import io.linegate.gateway.pipeline.LineWorkers;
import io.linegate.gateway.pipeline.Rejections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to the configured topic filters and turns every message into exactly one
 * outcome: handed to a line worker, or rejected with a counted reason. Reconnects by itself
 * and subscribes again after every (re)connect.
 */
public final class MqttIngest implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttIngest.class);
    static final String SOURCE = "mqtt";
    private static final long RESUBSCRIBE_DELAY_MS = 5_000;

    private final MqttSourceConfig config;
    private final TopicPattern pattern;
    private final ReadingDecoder decoder;
    private final LineWorkers workers;
    private final Rejections rejections;
    private final Clock clock;
    private final MqttConnection connection;
    private final Counter messages;
    private final Counter callbackErrors;
    private final Counter subscribeFailures;
    private volatile boolean subscribed;

    /**
     * @param config    source settings
     * @param serverUri broker URI (resolved when the config says {@code embedded})
     */
    public MqttIngest(MqttSourceConfig config, String serverUri, ReadingDecoder decoder, LineWorkers workers,
                      Rejections rejections, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.pattern = config.topicPattern();
        this.decoder = decoder;
        this.workers = workers;
        this.rejections = rejections;
        this.clock = clock;
        this.messages = Counter.builder("linegate.ingest.messages").tag("source", SOURCE)
                .description("Messages received").register(meters);
        this.callbackErrors = Counter.builder("linegate.ingest.errors").tag("source", SOURCE)
                .description("Unexpected failures in the MQTT callback (bugs); the connection survives")
                .register(meters);
        this.subscribeFailures = Counter.builder("linegate.ingest.subscribe.failures").tag("source", SOURCE)
                .description("Subscriptions the broker refused or that failed").register(meters);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(config.cleanStart());
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        this.connection = new MqttConnection(new MqttEndpoint("sensors", serverUri, config.clientId(),
                config.keepAlive(), config.username(), config.password()), options, new Callback()).bindMeters(meters);
        Gauge.builder("linegate.ingest.subscribed", this, i -> i.subscribed ? 1 : 0).tag("source", SOURCE)
                .description("1 while subscribed to every configured topic filter").register(meters);
    }

    /** Starts connecting and subscribing in the background; returns at once. */
    public void start() {
        connection.start(c -> subscribe());
    }

    /** Whether every configured subscription is in place (the gateway is ready). */
    public boolean subscribed() {
        return subscribed;
    }

    private void subscribe() {
        MqttSubscription[] subscriptions = config.subscriptions().stream()
                .map(s -> new MqttSubscription(s.filter(), s.qos()))
                .toArray(MqttSubscription[]::new);
        try {
            connection.client().subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    boolean all = true;
                    for (int i = 0; codes != null && i < codes.length; i++) {
                        if (codes[i] >= 0x80) {
                            all = false;
                            subscribeFailures.increment();
                            log.warn("Subscription refused filter={} reasonCode=0x{}",
                                    i < subscriptions.length ? subscriptions[i].getTopic() : "?",
                                    Integer.toHexString(codes[i]));
                        }
                    }
                    subscribed = all;
                    if (all) {
                        log.info("Subscribed subscriptions={} connects={}", config.subscriptions(), connection.connects());
                    } else {
                        retrySubscribe();
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    subscribeFailures.increment();
                    log.warn("Subscribe failed filters={} reason={}", config.subscriptions(), exception.toString());
                    retrySubscribe();
                }
            }, new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            subscribeFailures.increment();
            log.warn("Subscribe failed filters={} reason={}", config.subscriptions(), e.toString());
            retrySubscribe();
        }
    }

    /** A refused or failed subscription is tried again while connected (a reconnect subscribes anyway). */
    private void retrySubscribe() {
        connection.schedule(() -> {
            if (connection.isConnected() && !subscribed) {
                subscribe();
            }
        }, RESUBSCRIBE_DELAY_MS);
    }

    /** Decodes one message and hands it off. Runs on Paho's callback thread. */
    void onMessage(String topic, byte[] payload, String contentType) {
        messages.increment();
        long now = clock.millis();
        TopicPattern.TopicMatch match = pattern.match(topic);
        if (match == null) {
            rejections.reject(RejectReason.BAD_ID, SOURCE, topic, payload,
                    "topic does not fit pattern " + pattern);
            return;
        }
        PayloadFormat format = config.formatFor(topic);
        DecodeResult result = match.lineLevel()
                ? decoder.decodeLine(match.lineId(), payload, format, contentType, now)
                : decoder.decodeSensor(match.lineId(), match.sensorId(), payload, format, now);
        if (result instanceof DecodeResult.Decoded decoded) {
            workers.submit(decoded.readings(), SOURCE, topic, payload);
        } else if (result instanceof DecodeResult.Rejected rejected) {
            rejections.reject(rejected.reason(), SOURCE, topic, payload, rejected.detail());
        }
    }

    @Override
    public void close() {
        subscribed = false;
        connection.close();
    }

    /** Paho callbacks: run on Paho's threads, never throw. */
    private final class Callback extends MqttCallbackBase {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                MqttProperties properties = message.getProperties();
                onMessage(topic, message.getPayload(), properties == null ? null : properties.getContentType());
            } catch (Throwable t) {
                callbackErrors.increment();
                log.error("MQTT message handling failed topic-length={}", topic == null ? 0 : topic.length(), t);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            subscribed = false;
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("Sensor broker MQTT error reason={}", exception.toString());
        }

    }
}
