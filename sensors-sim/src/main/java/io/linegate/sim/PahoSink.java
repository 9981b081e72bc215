package io.linegate.sim;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes through one Paho MQTT 5 {@link MqttAsyncClient}, connected once (clean start,
 * in-memory persistence) and reused for every message.
 *
 * <p>Reconnecting is done here rather than by Paho's automatic reconnect, whose timer in
 * 1.2.5 survives {@code close()} and then fails on a closed client: after a lost connection
 * an attempt is scheduled on the {@code sensors-sim-reconnect} thread, with the delay
 * doubling from 1 s to 30 s, until it succeeds or the sink is closed.
 *
 * <p>{@link #publish} is called by the fleet's publisher thread; outcomes and connection
 * events arrive on Paho's callback thread and are passed on without blocking or throwing
 * (an exception escaping a Paho callback would drop the connection).
 */
final class PahoSink implements MessageSink {

    private static final Logger log = LoggerFactory.getLogger(PahoSink.class);
    private static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    private static final long DISCONNECT_QUIESCE_MS = 1_000;
    private static final long DISCONNECT_WAIT_MS = 3_000;
    private static final long FIRST_RECONNECT_DELAY_MS = 1_000;
    private static final long MAX_RECONNECT_DELAY_MS = 30_000;

    private final FleetConfig config;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final ConnectionListener listener;
    private final MqttActionListener publishListener;
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sensors-sim-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private final Object lifecycle = new Object();

    private volatile int maxInFlight = 1;
    /** Guarded by {@link #lifecycle}. */
    private boolean closed;
    /** Guarded by {@link #lifecycle}. */
    private long reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;
    /** Guarded by {@link #lifecycle}. */
    private IMqttToken reconnecting;

    private PahoSink(FleetConfig config, MqttAsyncClient client, Outcome outcome, ConnectionListener listener) {
        this.config = config;
        this.client = client;
        this.listener = listener;
        this.publishListener = new PublishListener(outcome);
        this.options = options(config);
    }

    /**
     * Connects, blocking the caller up to {@link FleetConfig#connectTimeout()}.
     *
     * @throws FleetException when the broker cannot be reached or refuses the connection
     */
    static PahoSink connect(FleetConfig config, Outcome outcome, ConnectionListener listener) {
        String clientId = config.clientId() != null ? config.clientId()
                : "sensors-sim-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(config.brokerUri(), clientId, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new FleetException("cannot create an MQTT client for " + config.brokerUri() + ": " + describe(e), e);
        }
        PahoSink sink = new PahoSink(config, client, outcome, listener);
        client.setCallback(sink.new ConnectionCallback());
        try {
            IMqttToken token = client.connect(sink.options);
            token.waitForCompletion(config.connectTimeout().toMillis() + 1_000);
            if (!client.isConnected()) {
                throw new FleetException("cannot connect to " + config.brokerUri() + ": no answer within "
                        + config.connectTimeout().toMillis() + " ms");
            }
            int receiveMaximum = receiveMaximum(token);
            // One below the broker's window: Paho counts a QoS 0 publish as in flight until its
            // sender thread has finished with it, which can be just after our callback ran.
            sink.maxInFlight = Math.max(1, Math.min(config.maxInFlight(), receiveMaximum - 1));
            log.info("connected to {} as {} (in-flight window {}, broker receive maximum {})",
                    config.brokerUri(), clientId, sink.maxInFlight, receiveMaximum);
            return sink;
        } catch (MqttException e) {
            sink.close();
            throw new FleetException("cannot connect to " + config.brokerUri() + ": " + describe(e), e);
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
    }

    private static MqttConnectionOptions options(FleetConfig config) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, config.connectTimeout().toSeconds())));
        if (config.username() != null) {
            options.setUserName(config.username());
        }
        if (config.password() != null) {
            options.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void publish(SimMessage message, int qos, Outcome outcome) {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(message.contentType());
        MqttMessage mqttMessage = new MqttMessage(message.payload(), qos, false, properties);
        try {
            client.publish(message.topic(), mqttMessage, message, publishListener);
        } catch (MqttException | RuntimeException e) {
            outcome.failed(message, e);
        }
    }

    @Override
    public void close() {
        IMqttToken attempt;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            attempt = reconnecting;
        }
        reconnector.shutdownNow();
        awaitQuietly(attempt, config.connectTimeout().toMillis() + 1_000);
        try {
            if (client.isConnected()) {
                client.disconnect(DISCONNECT_QUIESCE_MS).waitForCompletion(DISCONNECT_WAIT_MS);
            }
        } catch (MqttException e) {
            log.debug("disconnect from {} failed: {}", config.brokerUri(), describe(e));
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, DISCONNECT_WAIT_MS, false);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("closing the client of {} failed: {}", config.brokerUri(), describe(e));
        }
        try {
            reconnector.awaitTermination(DISCONNECT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Paho's callback thread (after a loss) or the reconnect thread (after a failed attempt). */
    private void scheduleReconnect() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            try {
                reconnector.schedule(this::attemptReconnect, reconnectDelayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Closing.
            }
            reconnectDelayMs = Math.min(MAX_RECONNECT_DELAY_MS, reconnectDelayMs * 2);
        }
    }

    /** Reconnect thread. */
    private void attemptReconnect() {
        synchronized (lifecycle) {
            if (closed || client.isConnected()) {
                return;
            }
            try {
                reconnecting = client.connect(options, null, new ReconnectListener());
                return;
            } catch (MqttException | RuntimeException e) {
                log.debug("reconnect to {} not started: {}", config.brokerUri(), describe(e));
            }
        }
        scheduleReconnect();
    }

    private static void awaitQuietly(IMqttToken token, long timeoutMs) {
        if (token == null) {
            return;
        }
        try {
            token.waitForCompletion(timeoutMs);
        } catch (MqttException e) {
            // A failed attempt is as good as a finished one here.
        }
    }

    private static int receiveMaximum(IMqttToken connectToken) {
        try {
            MqttProperties properties = connectToken.getResponseProperties();
            Integer value = properties == null ? null : properties.getReceiveMaximum();
            return value == null || value <= 0 ? DEFAULT_RECEIVE_MAXIMUM : value;
        } catch (RuntimeException e) {
            return DEFAULT_RECEIVE_MAXIMUM;
        }
    }

    /** E.g. {@code "Unable to connect to server (32103): Connection refused"}. */
    static String describe(Throwable e) {
        if (e == null) {
            return "unknown cause";
        }
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        if (e instanceof MqttException mqtt) {
            text.append(" (").append(mqtt.getReasonCode()).append(')');
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    /** Runs on Paho's callback thread: routes the token's outcome, never throws. */
    private record PublishListener(Outcome outcome) implements MqttActionListener {

        @Override
        public void onSuccess(IMqttToken token) {
            try {
                outcome.delivered((SimMessage) token.getUserContext());
            } catch (RuntimeException e) {
                log.error("outcome handler failed", e);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            try {
                outcome.failed((SimMessage) token.getUserContext(), cause);
            } catch (RuntimeException e) {
                log.error("outcome handler failed", e);
            }
        }
    }

    /** Runs on Paho's callback thread: outcome of one reconnect attempt, never throws. */
    private final class ReconnectListener implements MqttActionListener {

        @Override
        public void onSuccess(IMqttToken token) {
            try {
                synchronized (lifecycle) {
                    reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;
                    reconnecting = null;
                }
                log.info("reconnected to {}", config.brokerUri());
                listener.reconnected();
            } catch (RuntimeException e) {
                log.error("connection listener failed", e);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            try {
                synchronized (lifecycle) {
                    reconnecting = null;
                }
                log.debug("reconnect to {} failed: {}", config.brokerUri(), describe(cause));
                scheduleReconnect();
            } catch (RuntimeException e) {
                log.error("reconnect scheduling failed", e);
            }
        }
    }

    /** Runs on Paho's threads: logs connection events and passes them on, never throws. */
    private final class ConnectionCallback implements MqttCallback {

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            try {
                Throwable cause = response.getException();
                log.warn("connection to {} lost: {}; reconnecting", config.brokerUri(),
                        cause != null ? describe(cause) : response.getReasonString() + " (" + response.getReturnCode() + ")");
                listener.connectionLost(cause != null ? cause
                        : new FleetException("broker disconnected: reason code " + response.getReturnCode()));
                scheduleReconnect();
            } catch (RuntimeException e) {
                log.error("connection listener failed", e);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error from {}: {}", config.brokerUri(), describe(exception));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // Reconnects are reported by ReconnectListener.
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // The simulator subscribes to nothing.
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Outcomes arrive through the per-publish action listener.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }
}
