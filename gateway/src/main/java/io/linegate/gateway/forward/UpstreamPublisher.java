package io.linegate.gateway.forward;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.linegate.gateway.config.OutputFormat;
import io.linegate.gateway.config.UpstreamConfig;
import io.linegate.gateway.mqtt.MqttCallbackBase;
import io.linegate.gateway.mqtt.MqttConnection;
import io.linegate.gateway.mqtt.MqttEndpoint;
import io.linegate.gateway.outbox.Outbox;
import io.linegate.gateway.outbox.OutboxRecord;
import io.linegate.proto.Alert;
import io.linegate.proto.DeadLetter;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * Publishes predictions, model summaries and dead letters upstream from the durable
 * {@link Outbox}, with a retained {@code online} birth and {@code offline} will on the
 * status topic.
 *
 * <p>Predictions and model summaries are appended to the outbox on the line worker that
 * made them ({@code publish*} returns once the record is in the outbox). Dead letters come
 * from transport threads, which must not touch the disk, so they wait in a small bounded
 * queue until the publisher thread appends them.
 *
 * <p>One publisher thread takes records from the outbox in order and hands them to Paho
 * within a bounded in-flight window (the smaller of {@code maxInFlight} and the broker's
 * receive maximum), so Paho never refuses with "too many publishes in progress". A record
 * leaves the outbox only when the broker acknowledged it (PUBACK for QoS 1). After a
 * reconnect the outbox is rewound, so what was in flight is sent again: duplicates are
 * bounded by the in-flight window. Predictions sent after an outage or a restart (sent
 * before and not acknowledged, or made while upstream was away) carry {@code replayed: true}
 * and their original {@code seq}. The backlog goes out paced at {@code replayRate} records per
 * second (bursts of a tenth of a second's worth), in order; what the line workers make meanwhile
 * is appended behind it and follows, so per-line order holds and nothing blocks a worker.
 */
public final class UpstreamPublisher implements UpstreamSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamPublisher.class);
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);
    private static final int PEEK_BATCH = 256;
    private static final int DEAD_LETTER_QUEUE = 1024;

    /** What a message is, for counting and in the outbox. */
    public enum Kind {
        PREDICTION, MODEL, DEADLETTER, ALERT;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    private final UpstreamConfig config;
    private final UpstreamTopics topics;
    private final OutboundEncoder encoder;
    private final Outbox outbox;
    private final MqttConnection connection;
    private final BlockingQueue<DeadLetter> deadLetters = new ArrayBlockingQueue<>(DEAD_LETTER_QUEUE);
    private final InFlightWindow inFlight;
    private final Map<Kind, Counter> published = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> refused = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> refusedByBroker = new EnumMap<>(Kind.class);
    private final Counter deadLettersDropped;
    private final Counter replayed;
    private final Counter resent;
    private final Thread thread;
    private final AtomicBoolean birthPending = new AtomicBoolean();
    private final AtomicBoolean rewindPending = new AtomicBoolean();
    private final AtomicLong lastAppendedId = new AtomicLong(-1);
    /** Per thread inside {@link #batch}: the highest id written and not yet forced, else -1; null outside. */
    private final ThreadLocal<long[]> unforced = new ThreadLocal<>();
    private final Object work = new Object();
    private final AtomicLong firstIdThisRun = new AtomicLong(Long.MAX_VALUE);
    /** Per line, the outbox id of the newest retained model summary the broker acknowledged. */
    private final Map<String, Long> newestModelAcked = new ConcurrentHashMap<>();
    /** Acknowledged ids, applied to the outbox by the publisher thread (Paho threads never wait on its lock). */
    private final Queue<Long> acked = new ConcurrentLinkedQueue<>();
    /** Records to send again on the same connection (a publish failed or found no room), oldest first. */
    private final Deque<OutboxRecord> retry = new ArrayDeque<>();
    private volatile long replayUpToId = -1;
    private final ReplayPacer pacer;
    /** When the current backlog replay started (publisher thread); 0 while none runs. */
    private long replayStartNanos;
    private long replaySent;
    private volatile boolean running = true;
    /** Set once a connection's on-connect work (window, rewind) is done; cleared on loss. */
    private volatile boolean sessionReady;
    private volatile int windowSize;

    /**
     * @param config    upstream settings
     * @param serverUri the broker URI to use (resolved when the config says {@code embedded})
     * @param outbox    the durable store records wait in until acknowledged; owned by the caller
     * @param meters    where counters are registered
     */
    public UpstreamPublisher(UpstreamConfig config, String serverUri, Outbox outbox, MeterRegistry meters) {
        this.config = config;
        this.topics = new UpstreamTopics(config.topicPrefix());
        this.encoder = new OutboundEncoder(config.format());
        this.outbox = outbox;
        this.windowSize = config.maxInFlight();
        this.inFlight = new InFlightWindow(config.maxInFlight());
        this.pacer = new ReplayPacer(config.replayRate());
        for (Kind kind : Kind.values()) {
            published.put(kind, Counter.builder("linegate.upstream.published").tag("kind", kind.id())
                    .description("Messages acknowledged by the upstream broker (QoS 1/2) or written to it (QoS 0)")
                    .register(meters));
            refused.put(kind, Counter.builder("linegate.upstream.refused").tag("kind", kind.id())
                    .description("Messages the outbox refused (full with policy reject-new, or too large)")
                    .register(meters));
            refusedByBroker.put(kind, Counter.builder("linegate.upstream.broker.refused").tag("kind", kind.id())
                    .description("Messages the upstream broker refused with a failure reason code (not retried)")
                    .register(meters));
        }
        deadLettersDropped = Counter.builder("linegate.upstream.deadletters.dropped")
                .description("Dead-letter samples dropped because their hand-off queue was full").register(meters);
        replayed = Counter.builder("linegate.upstream.replayed")
                .description("Predictions sent with replayed=true after an outage or restart").register(meters);
        resent = Counter.builder("linegate.upstream.resent")
                .description("Records sent again after a reconnect (were in flight, not acknowledged)")
                .register(meters);

        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setWill(topics.status(), new MqttMessage(OFFLINE, 1, true, new MqttProperties()));
        this.connection = new MqttConnection(
                new MqttEndpoint("upstream", serverUri, config.clientId(), config.keepAlive(), config.username(),
                        config.password()),
                options, new Callback()).bindMeters(meters);
        Gauge.builder("linegate.upstream.connected", connection, c -> c.isConnected() ? 1 : 0)
                .description("1 while connected to the upstream broker").register(meters);
        this.thread = new Thread(this::run, "linegate-upstream-publisher");
        this.thread.setDaemon(true);
    }

    /** Starts connecting and publishing; returns at once. */
    public void start() {
        thread.start();
        connection.start(c -> onConnected());
    }

    public boolean isConnected() {
        return connection.isConnected();
    }

    /** Appends a prediction for {@code {prefix}/lines/{line}/predictions} to the outbox. Line worker thread. */
    @Override
    public void publishPrediction(Prediction prediction) {
        append(Kind.PREDICTION, prediction.getLineId(), topics.predictions(prediction.getLineId()), prediction, false);
    }

    /** Appends a retained model summary for {@code {prefix}/lines/{line}/model} to the outbox. Line worker thread. */
    @Override
    public void publishModel(ModelSummary summary) {
        append(Kind.MODEL, summary.getLineId(), topics.model(summary.getLineId()), summary, true);
    }

    /** Appends an alert for {@code {prefix}/lines/{line}/alerts} to the outbox. Line worker thread. */
    @Override
    public void publishAlert(Alert alert) {
        append(Kind.ALERT, alert.getLineId(), topics.alerts(alert.getLineId()), alert, false);
    }

    /** Queues a dead letter for {@code {prefix}/deadletters}. Any thread; never blocks, never touches the disk. */
    @Override
    public void publishDeadLetter(DeadLetter deadLetter) {
        if (deadLetters.offer(deadLetter)) {
            signal();
        } else {
            deadLettersDropped.increment();
        }
    }

    /**
     * Writes the messages {@code work} hands over without forcing each, then forces once through
     * the last (under {@code sync: every-append}; the publisher sends none of them before that),
     * so the windows a worker closes in one pass share one fsync.
     */
    @Override
    public void batch(Runnable work) {
        if (unforced.get() != null) {
            work.run(); // nested: the outer batch forces
            return;
        }
        long[] last = {-1};
        unforced.set(last);
        try {
            work.run();
        } finally {
            unforced.remove();
            if (last[0] >= 0) {
                outbox.force(last[0]);
                signal();
            }
        }
    }

    private void append(Kind kind, String key, String topic, Message message, boolean retained) {
        long[] batch = unforced.get();
        byte[] payload = encoder.encode(message);
        long id = batch != null ? outbox.write(kind.id(), key, topic, payload, retained)
                : outbox.append(kind.id(), key, topic, payload, retained);
        if (id == Outbox.REJECTED) {
            refused.get(kind).increment();
            return;
        }
        firstIdThisRun.accumulateAndGet(id, Math::min);
        lastAppendedId.accumulateAndGet(id, Math::max);
        if (batch != null) {
            batch[0] = id;
        } else {
            signal();
        }
    }

    private void signal() {
        synchronized (work) {
            work.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                applyAcks();
                appendDeadLetters();
                publishBirthIfPending();
                if (!sessionReady || !connection.isConnected()) {
                    idle();
                    continue;
                }
                if (rewindPending.getAndSet(false)) {
                    synchronized (retry) {
                        retry.clear();
                    }
                    outbox.rewind();
                }
                List<OutboxRecord> batch = nextBatch();
                if (batch.isEmpty()) {
                    replayFinished();
                    idle();
                    continue;
                }
                for (int i = 0; i < batch.size(); i++) {
                    OutboxRecord record = batch.get(i);
                    long paceNanos = isReplay(record) ? pacer.reserve(System.nanoTime()) : 0;
                    if (paceNanos > 0 || !connection.isConnected() || !inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                        // Paced, no room (acks are slow) or the connection went: keep the rest, in order.
                        synchronized (retry) {
                            for (int j = batch.size() - 1; j >= i; j--) {
                                retry.addFirst(batch.get(j));
                            }
                        }
                        if (paceNanos > 0) {
                            synchronized (work) {
                                TimeUnit.NANOSECONDS.timedWait(work, paceNanos);
                            }
                        }
                        break;
                    }
                    noteReplayProgress(record);
                    send(record);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Upstream publisher failed; retrying", e);
                rewindPending.set(true);
                try {
                    synchronized (work) {
                        work.wait(1_000);
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        applyAcks();
    }

    /** Whether a record waited out an outage or a restart: it was appended before the last (re)connect. */
    private boolean isReplay(OutboxRecord record) {
        return record.id() < firstIdThisRun.get() || record.id() <= replayUpToId;
    }

    /** Logs when the backlog of a reconnect starts and finishes going out. Publisher thread. */
    private void noteReplayProgress(OutboxRecord record) {
        if (isReplay(record)) {
            if (replayStartNanos == 0) {
                replayStartNanos = System.nanoTime();
                log.info("Upstream replaying the backlog pending={} replayRate={}/s", outbox.pending(),
                        config.replayRate() == 0 ? "unpaced" : config.replayRate());
            }
            replaySent++;
        } else {
            replayFinished();
        }
    }

    private void replayFinished() {
        if (replayStartNanos != 0) {
            log.info("Upstream backlog sent records={} in {} ms", replaySent,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - replayStartNanos));
            replayStartNanos = 0;
            replaySent = 0;
        }
    }

    /** Records to retry first, else the next ones from the outbox, at most what the window has room for. */
    private List<OutboxRecord> nextBatch() {
        int room = Math.min(PEEK_BATCH, Math.max(1, inFlight.availablePermits()));
        synchronized (retry) {
            if (!retry.isEmpty()) {
                List<OutboxRecord> batch = new ArrayList<>();
                while (!retry.isEmpty() && batch.size() < room) {
                    batch.add(retry.pollFirst());
                }
                return batch;
            }
        }
        return outbox.peek(room);
    }

    private void applyAcks() {
        for (Long id; (id = acked.poll()) != null; ) {
            outbox.ack(id);
        }
    }

    private void idle() throws InterruptedException {
        synchronized (work) {
            work.wait(50);
        }
    }

    private void appendDeadLetters() {
        for (DeadLetter d; (d = deadLetters.poll()) != null; ) {
            append(Kind.DEADLETTER, "", topics.deadLetters(), d, false);
        }
    }

    private void send(OutboxRecord record) {
        Kind kind = Kind.of(record.kind());
        if (kind == Kind.MODEL && newestModelAcked.getOrDefault(record.key(), -1L) > record.id()) {
            // A newer retained summary of this line is already upstream: re-sending this one would replace it.
            inFlight.release();
            acked.add(record.id());
            return;
        }
        byte[] payload = record.payload();
        if (kind == Kind.PREDICTION && isReplay(record)) {
            payload = markReplayed(payload);
            replayed.increment();
        }
        MqttMessage message = new MqttMessage(payload, config.qos(), record.retained(), contentTypeProperties());
        try {
            connection.client().publish(record.topic(), message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        // The broker refused it for good (not authorized, quota, ...): counted, not retried.
                        refusedByBroker.get(kind).increment();
                        log.warn("Upstream broker refused a message kind={} topic={} reasonCode=0x{}", kind,
                                record.topic(), Integer.toHexString(codes[0]));
                    } else {
                        published.get(kind).increment();
                        if (kind == Kind.MODEL) {
                            newestModelAcked.merge(record.key(), record.id(), Math::max);
                        }
                    }
                    acked.add(record.id());
                    inFlight.release();
                    signal();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    inFlight.release();
                    retryOnThisConnection(record);
                    log.debug("Upstream publish failed id={} reason={}", record.id(), exception.toString());
                }
            });
        } catch (MqttException | RuntimeException e) {
            inFlight.release();
            retryOnThisConnection(record);
            log.debug("Upstream publish refused id={} reason={}", record.id(), e.toString());
        }
    }

    /** A failed publish is tried again while connected; after a loss the reconnect's rewind covers it. */
    private void retryOnThisConnection(OutboxRecord record) {
        if (connection.isConnected() && sessionReady) {
            synchronized (retry) {
                retry.addLast(record);
            }
        }
    }

    /** The same prediction with {@code replayed: true}; its seq and everything else unchanged. */
    private byte[] markReplayed(byte[] payload) {
        try {
            if (encoder.format() == OutputFormat.PROTOBUF) {
                return Prediction.parseFrom(payload).toBuilder().setReplayed(true).build().toByteArray();
            }
            Prediction.Builder b = Prediction.newBuilder();
            JsonFormat.parser().merge(new String(payload, StandardCharsets.UTF_8), b);
            return encoder.encode(b.setReplayed(true).build());
        } catch (InvalidProtocolBufferException e) {
            log.error("Stored prediction is not readable; sent as stored", e);
            return payload;
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
        // Whatever waited in the outbox while upstream was away goes out as a replay.
        replayUpToId = Math.max(replayUpToId, lastAppendedId.get());
        rewindPending.set(true);
        birthPending.set(true);
        sessionReady = true;
        signal();
    }

    /** Runs on a Paho thread when the connection is lost: what follows is a replay. */
    private void onDisconnected() {
        sessionReady = false;
        replayUpToId = Math.max(replayUpToId, lastAppendedId.get());
        rewindPending.set(true);
        resent.increment(Math.max(0, windowSize - inFlight.availablePermits()));
        // Paho fails every in-flight publish on a connection loss; their permits come back.
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
     * Stops publishing, waiting at most {@code drainMillis} for what the outbox holds to be
     * acknowledged; whatever is left stays in the outbox for the next start. Publishes
     * {@code offline} and disconnects. Does not close the outbox.
     */
    public void close(long drainMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
        signal();
        while (connection.isConnected() && outbox.pending() > 0 && System.nanoTime() < deadline) {
            synchronized (work) {
                try {
                    work.wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        running = false;
        signal();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        if (connection.isConnected()) {
            try {
                inFlight.tryAcquire(windowSize, 2, TimeUnit.SECONDS);
                connection.client().publish(topics.status(), new MqttMessage(OFFLINE, 1, true, new MqttProperties()))
                        .waitForCompletion(2_000);
            } catch (MqttException | RuntimeException e) {
                log.debug("Upstream offline status not published reason={}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connection.close();
        if (outbox.pending() > 0) {
            log.info("Upstream stopped with records still in the outbox pending={}; they are sent after the next start",
                    outbox.pending());
        }
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
            onDisconnected();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("Upstream MQTT error reason={}", exception.toString());
        }
    }
}
