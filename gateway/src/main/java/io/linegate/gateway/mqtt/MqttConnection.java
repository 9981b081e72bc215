package io.linegate.gateway.mqtt;

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
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived Paho MQTT v5 client: connects in the background, retries with exponential
 * backoff and jitter until the first connect succeeds (Paho's automatic reconnect only
 * starts after one), then lets Paho reconnect. Uses {@link MemoryPersistence}.
 *
 * <p>{@code onConnected} runs on a Paho thread after every (re)connect, with the broker's
 * receive maximum; it must not block or throw. The owner sets the message callback before
 * {@link #start()} through {@code configure}.
 */
public final class MqttConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    private static final long MIN_RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 30_000;

    private final MqttEndpoint endpoint;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final ScheduledExecutorService retries;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile int serverReceiveMaximum = 65_535;

    /**
     * @param endpoint  where and who
     * @param options   connect options (the owner sets will, clean start, session expiry, ...)
     */
    public MqttConnection(MqttEndpoint endpoint, MqttConnectionOptions options) {
        this.endpoint = endpoint;
        this.options = options;
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, (int) (MAX_RETRY_MS / 1000));
        options.setKeepAliveInterval((int) Math.max(1, endpoint.keepAlive().toSeconds()));
        options.setConnectionTimeout(10);
        if (endpoint.username() != null) {
            options.setUserName(endpoint.username());
        }
        if (endpoint.password() != null) {
            options.setPassword(endpoint.password().getBytes(StandardCharsets.UTF_8));
        }
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "linegate-mqtt-connect-" + endpoint.role());
            t.setDaemon(true);
            return t;
        });
        try {
            this.client = new MqttAsyncClient(endpoint.serverUri(), endpoint.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            retries.shutdownNow();
            throw new IllegalArgumentException("cannot create MQTT client for " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /** The client, for publishing and subscribing. Set its callback before {@link #start()}. */
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

    /** The broker's receive maximum from the last CONNACK (65535 when it sent none). */
    public int serverReceiveMaximum() {
        return serverReceiveMaximum;
    }

    /**
     * Starts connecting in the background; returns at once.
     *
     * @param onConnected called on a Paho thread after the first successful connect (later
     *                    reconnects are reported by the client callback's {@code connectComplete})
     */
    public void start(Consumer<MqttConnection> onConnected) {
        attempt(MIN_RETRY_MS, onConnected);
    }

    private void attempt(long nextDelayMs, Consumer<MqttConnection> onConnected) {
        if (closed.get()) {
            return;
        }
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connects.incrementAndGet();
                    rememberReceiveMaximum(token);
                    log.info("MQTT connected role={} broker={} clientId={}", endpoint.role(), endpoint.serverUri(),
                            endpoint.clientId());
                    onConnected.accept(MqttConnection.this);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    retryLater(nextDelayMs, exception, onConnected);
                }
            });
        } catch (MqttException | RuntimeException e) {
            retryLater(nextDelayMs, e, onConnected);
        }
    }

    private void retryLater(long delayMs, Throwable cause, Consumer<MqttConnection> onConnected) {
        if (closed.get()) {
            return;
        }
        long attempts = failedAttempts.incrementAndGet();
        long jittered = delayMs / 2 + ThreadLocalRandom.current().nextLong(delayMs / 2 + 1);
        if (attempts == 1 || attempts % 10 == 0) {
            log.warn("MQTT connect failed role={} broker={} attempt={} retryInMs={} reason={}", endpoint.role(),
                    endpoint.serverUri(), attempts, jittered, cause == null ? "?" : cause.getMessage());
        }
        try {
            retries.schedule(() -> attempt(Math.min(delayMs * 2, MAX_RETRY_MS), onConnected), jittered,
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            // closed concurrently: nothing more to do
        }
    }

    /** Records a reconnect done by Paho itself (call from the callback's connectComplete). */
    public void reconnected() {
        connects.incrementAndGet();
        log.info("MQTT reconnected role={} broker={}", endpoint.role(), endpoint.serverUri());
    }

    private void rememberReceiveMaximum(IMqttToken token) {
        if (token.getResponse() instanceof MqttConnAck ack && ack.getProperties() != null
                && ack.getProperties().getReceiveMaximum() != null) {
            serverReceiveMaximum = ack.getProperties().getReceiveMaximum();
        }
    }

    /** Disconnects (waiting at most a few seconds) and releases the client and its threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        retries.shutdownNow();
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
    }
}
