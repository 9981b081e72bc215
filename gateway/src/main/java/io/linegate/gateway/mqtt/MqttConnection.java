package io.linegate.gateway.mqtt;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived Paho MQTT v5 client ({@link MemoryPersistence}) that connects in the
 * background and reconnects after every loss with exponential backoff and jitter, the
 * first connect included. Paho's own automatic reconnect is off: its timer survives
 * {@code close()} in Paho 1.2.5, and owning the loop lets {@link #close()} stop everything.
 * Reconnect delays and keepalive pings share one scheduler thread per connection, timed on the
 * monotonic clock, so a wall-clock jump (NTP step, RTC reset at boot) neither stalls keepalive
 * nor makes the broker drop the connection; Paho's own timeouts use {@code System.nanoTime}.
 *
 * <p>{@code onConnected} runs on a Paho thread after every successful connect (first and
 * later ones); it must not block or throw. The message callback given at construction
 * receives every Paho event except connects, on Paho's threads.
 */
public final class MqttConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    private static final long MIN_RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 30_000;

    private final MqttEndpoint endpoint;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final MqttCallback callback;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong totalFailedAttempts = new AtomicLong();
    private volatile Consumer<MqttConnection> onConnected = c -> { };
    private volatile int serverReceiveMaximum = 65_535;

    /**
     * @param endpoint where and who
     * @param options  connect options (the owner sets will, clean start, session expiry, ...)
     * @param callback receives messages and disconnects; runs on Paho threads, must not throw
     */
    public MqttConnection(MqttEndpoint endpoint, MqttConnectionOptions options, MqttCallback callback) {
        this.endpoint = endpoint;
        this.options = options;
        this.callback = callback;
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) endpoint.keepAlive().toSeconds());
        options.setConnectionTimeout(10);
        if (options.getSocketFactory() == null && endpoint.serverUri().startsWith("tcp://")) {
            options.setSocketFactory(new BufferedSocketFactory());
        }
        if (endpoint.username() != null) {
            options.setUserName(endpoint.username());
        }
        if (endpoint.password() != null) {
            options.setPassword(endpoint.password().getBytes(StandardCharsets.UTF_8));
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "linegate-mqtt-timer-" + endpoint.role());
            t.setDaemon(true);
            return t;
        });
        try {
            // Keepalive pings run on the scheduler, whose delays are monotonic (System.nanoTime):
            // Paho's default java.util.Timer follows the wall clock and misfires when it jumps.
            this.client = new MqttAsyncClient(endpoint.serverUri(), endpoint.clientId(), new MemoryPersistence(),
                    new TimerPingSender(scheduler), null);
        } catch (MqttException e) {
            scheduler.shutdownNow();
            throw new IllegalArgumentException("cannot create MQTT client for " + endpoint + ": " + e.getMessage(), e);
        }
        client.setCallback(new Events());
    }

    /** The client, for publishing and subscribing. */
    public MqttAsyncClient client() {
        return client;
    }

    public MqttEndpoint endpoint() {
        return endpoint;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Successful connects so far, reconnects included. */
    public long connects() {
        return connects.get();
    }

    /**
     * Registers {@code linegate.mqtt.connects{role}} (successful connects, so reconnects are
     * this minus one) and {@code linegate.mqtt.connect.failures{role}} (failed attempts).
     */
    public MqttConnection bindMeters(MeterRegistry meters) {
        FunctionCounter.builder("linegate.mqtt.connects", connects, AtomicLong::get).tag("role", endpoint.role())
                .description("Successful MQTT connects, reconnects included").register(meters);
        FunctionCounter.builder("linegate.mqtt.connect.failures", totalFailedAttempts, AtomicLong::get)
                .tag("role", endpoint.role()).description("Failed MQTT connect attempts").register(meters);
        return this;
    }

    /** The broker's receive maximum from the last CONNACK (65535 when it sent none). */
    public int serverReceiveMaximum() {
        return serverReceiveMaximum;
    }

    /**
     * Starts connecting in the background; returns at once.
     *
     * @param onConnected called on a Paho thread after every successful connect
     */
    public void start(Consumer<MqttConnection> onConnected) {
        this.onConnected = onConnected;
        attempt(MIN_RETRY_MS);
    }

    /** Runs {@code task} on this connection's scheduler after {@code delayMs}, unless closed by then. */
    public void schedule(Runnable task, long delayMs) {
        if (closed.get()) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                if (!closed.get()) {
                    task.run();
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            // closed concurrently: nothing more to do
        }
    }

    private void attempt(long nextDelayMs) {
        if (closed.get()) {
            return;
        }
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connects.incrementAndGet();
                    failedAttempts.set(0);
                    rememberReceiveMaximum(token);
                    log.info("MQTT connected role={} broker={} clientId={} connects={}", endpoint.role(),
                            endpoint.serverUri(), endpoint.clientId(), connects.get());
                    try {
                        onConnected.accept(MqttConnection.this);
                    } catch (RuntimeException e) {
                        log.error("MQTT on-connect handling failed role={}", endpoint.role(), e);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    retryLater(nextDelayMs, exception);
                }
            });
        } catch (MqttException | RuntimeException e) {
            retryLater(nextDelayMs, e);
        }
    }

    private void retryLater(long delayMs, Throwable cause) {
        if (closed.get()) {
            return;
        }
        long attempts = failedAttempts.incrementAndGet();
        totalFailedAttempts.incrementAndGet();
        long jittered = delayMs / 2 + ThreadLocalRandom.current().nextLong(delayMs / 2 + 1);
        if (attempts == 1 || attempts % 10 == 0) {
            log.warn("MQTT connect failed role={} broker={} attempt={} retryInMs={} reason={}", endpoint.role(),
                    endpoint.serverUri(), attempts, jittered, cause == null ? "?" : cause.getMessage());
        }
        schedule(() -> attempt(Math.min(delayMs * 2, MAX_RETRY_MS)), jittered);
    }

    private void rememberReceiveMaximum(IMqttToken token) {
        if (token.getResponse() instanceof MqttConnAck ack && ack.getProperties() != null
                && ack.getProperties().getReceiveMaximum() != null) {
            serverReceiveMaximum = ack.getProperties().getReceiveMaximum();
        } else {
            serverReceiveMaximum = 65_535;
        }
    }

    /** Disconnects (waiting at most a few seconds) and releases the client and its threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            log.debug("MQTT disconnect role={} reason={}", endpoint.role(), e.getMessage());
        }
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException e) {
            log.debug("MQTT forced disconnect role={} reason={}", endpoint.role(), e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close role={} reason={}", endpoint.role(), e.getMessage());
        }
        // Last: Paho stops its ping sender while disconnecting, which must find the scheduler running.
        scheduler.shutdownNow();
    }

    /** Forwards Paho's events to the owner's callback and reconnects after a loss. */
    private final class Events implements MqttCallback {

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            try {
                callback.disconnected(response);
            } finally {
                if (!closed.get()) {
                    log.warn("MQTT connection lost role={} broker={} reason={}; reconnecting", endpoint.role(),
                            endpoint.serverUri(), response == null ? "?" : response.getReasonString());
                    schedule(() -> attempt(MIN_RETRY_MS), MIN_RETRY_MS / 2);
                }
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            callback.mqttErrorOccurred(exception);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            callback.messageArrived(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            callback.deliveryComplete(token);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // Connects are reported by the connect action listener, which also sees the CONNACK.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            callback.authPacketArrived(reasonCode, properties);
        }
    }
}
