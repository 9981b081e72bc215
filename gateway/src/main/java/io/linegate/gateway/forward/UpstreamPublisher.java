package io.linegate.gateway.forward;

import com.google.protobuf.Message;
import io.linegate.gateway.config.UpstreamConfig;
import io.linegate.gateway.mqtt.MqttCallbackBase;
import io.linegate.gateway.mqtt.MqttConnection;
import io.linegate.gateway.mqtt.MqttEndpoint;
import io.linegate.proto.DeadLetter;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes predictions, model summaries and dead letters to the upstream broker, with a
 * retained {@code online} birth and {@code offline} will on the status topic.
 *
 * <p>{@code publish*} methods are called by line workers and transport threads; they never
 * block: a message goes into a bounded queue, or is counted as unsent when the queue is
 * full. One publisher thread takes messages from the queue and hands them to Paho within a
 * bounded in-flight window (the smaller of {@code maxInFlight} and the broker's receive
 * maximum), so Paho never refuses with "too many publishes in progress". While upstream is
 * disconnected messages are counted as unsent (the durable outbox that keeps them is a
 * separate stage).
 */
public final class UpstreamPublisher implements UpstreamSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamPublisher.class);
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);

    /** What a message is, for counting. */
    public enum Kind { PREDICTION, MODEL, DEADLETTER }

    private record Outgoing(Kind kind, String topic, byte[] payload, boolean retained) {
    }

    private final UpstreamConfig config;
    private final UpstreamTopics topics;
    private final OutboundEncoder encoder;
    private final MqttConnection connection;
    private final BlockingQueue<Outgoing> queue;
    private final InFlightWindow inFlight;
    private final Map<Kind, Counter> published = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> unsentQueueFull = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> unsentDisconnected = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> unsentFailed = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> unsentShutdown = new EnumMap<>(Kind.class);
    private final Thread thread;
    private final AtomicBoolean birthPending = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile boolean accepting = true;
    private volatile int windowSize;

    /**
     * @param config    upstream settings
     * @param serverUri the broker URI to use (resolved when the config says {@code embedded})
     * @param meters    where counters are registered
     */
    public UpstreamPublisher(UpstreamConfig config, String serverUri, MeterRegistry meters) {
        this.config = config;
        this.topics = new UpstreamTopics(config.topicPrefix());
        this.encoder = new OutboundEncoder(config.format());
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.windowSize = config.maxInFlight();
        this.inFlight = new InFlightWindow(config.maxInFlight());
        for (Kind kind : Kind.values()) {
            String k = kind.name().toLowerCase(java.util.Locale.ROOT);
            published.put(kind, Counter.builder("linegate.upstream.published").tag("kind", k)
                    .description("Messages acknowledged by the upstream broker (QoS 1/2) or written to it (QoS 0)")
                    .register(meters));
            unsentQueueFull.put(kind, unsent(meters, k, "queue_full"));
            unsentDisconnected.put(kind, unsent(meters, k, "disconnected"));
            unsentFailed.put(kind, unsent(meters, k, "failed"));
            unsentShutdown.put(kind, unsent(meters, k, "shutdown"));
        }
        Gauge.builder("linegate.upstream.queue.size", queue, BlockingQueue::size)
                .description("Messages waiting to be published upstream").register(meters);

        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        MqttMessage will = new MqttMessage(OFFLINE, 1, true, new MqttProperties());
        options.setWill(topics.status(), will);
        this.connection = new MqttConnection(
                new MqttEndpoint("upstream", serverUri, config.clientId(), config.keepAlive(), config.username(),
                        config.password()),
                options, new Callback());
        Gauge.builder("linegate.upstream.connected", connection, c -> c.isConnected() ? 1 : 0)
                .description("1 while connected to the upstream broker").register(meters);
        this.thread = new Thread(this::run, "linegate-upstream-publisher");
        this.thread.setDaemon(true);
    }

    private static Counter unsent(MeterRegistry meters, String kind, String reason) {
        return Counter.builder("linegate.upstream.unsent").tag("kind", kind).tag("reason", reason)
                .description("Messages that could not be published upstream").register(meters);
    }

    /** Starts connecting and publishing; returns at once. */
    public void start() {
        thread.start();
        connection.start(c -> onConnected());
    }

    public boolean isConnected() {
        return connection.isConnected();
    }

    /** Queues a prediction for {@code {prefix}/lines/{line}/predictions}. Never blocks. */
    @Override
    public void publishPrediction(Prediction prediction) {
        offer(Kind.PREDICTION, topics.predictions(prediction.getLineId()), prediction, false);
    }

    /** Queues a retained model summary for {@code {prefix}/lines/{line}/model}. Never blocks. */
    @Override
    public void publishModel(ModelSummary summary) {
        offer(Kind.MODEL, topics.model(summary.getLineId()), summary, true);
    }

    /** Queues a dead letter for {@code {prefix}/deadletters}. Never blocks. */
    @Override
    public void publishDeadLetter(DeadLetter deadLetter) {
        offer(Kind.DEADLETTER, topics.deadLetters(), deadLetter, false);
    }

    private void offer(Kind kind, String topic, Message message, boolean retained) {
        if (!accepting) {
            unsentShutdown.get(kind).increment();
        } else if (!queue.offer(new Outgoing(kind, topic, encoder.encode(message), retained))) {
            unsentQueueFull.get(kind).increment();
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Outgoing next;
            try {
                publishBirthIfPending();
                next = queue.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                if (!inFlight.tryAcquire(5, TimeUnit.SECONDS)) {
                    unsentFailed.get(next.kind()).increment();
                    log.warn("Upstream publish timed out waiting for in-flight acknowledgements kind={}", next.kind());
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            send(next);
        }
    }

    private void send(Outgoing out) {
        if (!connection.isConnected()) {
            inFlight.release();
            unsentDisconnected.get(out.kind()).increment();
            return;
        }
        MqttMessage message = new MqttMessage(out.payload(), config.qos(), out.retained(), contentTypeProperties());
        try {
            connection.client().publish(out.topic(), message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    inFlight.release();
                    published.get(out.kind()).increment();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    inFlight.release();
                    unsentFailed.get(out.kind()).increment();
                    log.debug("Upstream publish failed kind={} reason={}", out.kind(), exception.toString());
                }
            });
        } catch (MqttException | RuntimeException e) {
            inFlight.release();
            unsentFailed.get(out.kind()).increment();
            log.debug("Upstream publish refused kind={} reason={}", out.kind(), e.toString());
        }
    }

    private MqttProperties contentTypeProperties() {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(encoder.contentType());
        return properties;
    }

    /** Runs on a Paho thread after every connect: fits the in-flight window to the broker, asks for a birth. */
    private synchronized void onConnected() {
        int brokerMax = connection.serverReceiveMaximum();
        int wanted = Math.max(1, Math.min(config.maxInFlight(), brokerMax));
        int delta = wanted - windowSize;
        if (delta > 0) {
            inFlight.release(delta);
        } else if (delta < 0) {
            inFlight.shrink(-delta);
        }
        windowSize = wanted;
        birthPending.set(true);
    }

    /**
     * Publishes the retained {@code online} status on the publisher thread, through the same
     * in-flight window as everything else, until the broker acknowledges it.
     */
    private void publishBirthIfPending() throws InterruptedException {
        if (!birthPending.get() || !connection.isConnected() || !inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
            return;
        }
        birthPending.set(false);
        try {
            connection.client().publish(topics.status(), new MqttMessage(ONLINE, 1, true, new MqttProperties()), null,
                    new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            inFlight.release();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable exception) {
                            inFlight.release();
                            birthPending.set(true);
                            log.debug("Upstream birth failed reason={}", exception.toString());
                        }
                    });
        } catch (MqttException | RuntimeException e) {
            inFlight.release();
            birthPending.set(true);
            log.debug("Upstream birth refused reason={}", e.toString());
        }
    }

    /**
     * Stops taking new work, publishes what is queued (waiting at most {@code drainMillis}),
     * publishes {@code offline} and disconnects.
     */
    public void close(long drainMillis) {
        accepting = false;
        running = false;
        try {
            thread.join(Math.max(1, drainMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        for (Outgoing left; (left = queue.poll()) != null; ) {
            unsentShutdown.get(left.kind()).increment();
        }
        if (connection.isConnected()) {
            try {
                inFlight.tryAcquire(windowSize, Math.max(1, drainMillis), TimeUnit.MILLISECONDS);
                connection.client().publish(topics.status(), new MqttMessage(OFFLINE, 1, true, new MqttProperties()))
                        .waitForCompletion(2_000);
            } catch (MqttException | RuntimeException e) {
                log.debug("Upstream offline status not published reason={}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connection.close();
    }

    @Override
    public void close() {
        close(5_000);
    }

    /** A semaphore whose size follows the broker's receive maximum without blocking anyone. */
    private static final class InFlightWindow extends Semaphore {
        private static final long serialVersionUID = 1L;

        InFlightWindow(int permits) {
            super(permits);
        }

        void shrink(int permits) {
            reducePermits(permits);
        }
    }

    /** Paho callbacks; run on Paho's threads, never throw. */
    private final class Callback extends MqttCallbackBase {

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            // MqttConnection logs the loss and reconnects.
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("Upstream MQTT error reason={}", exception.toString());
        }

    }
}
