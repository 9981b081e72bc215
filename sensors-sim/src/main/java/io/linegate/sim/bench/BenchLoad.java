package io.linegate.sim.bench;

import io.linegate.sim.FleetGenerator;
import io.linegate.sim.LineTick;
import io.linegate.sim.PayloadEncoder;
import io.linegate.sim.SimMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The benchmark's load: the simulated fleet ({@link FleetGenerator}, realtime event time),
 * encoded by {@link PayloadEncoder} with N readings per message, published through
 * {@code connections} Paho clients (line {@code i} always on client {@code i % connections},
 * so a line's readings stay in order), at a fixed rate of readings per second or as fast
 * as the in-flight windows allow.
 *
 * <p>{@link #run} publishes on the caller's thread; Paho's callback threads only count
 * outcomes and return in-flight permits. One instance per phase: a fresh generator, so
 * every phase publishes the same readings (apart from their event times).
 */
final class BenchLoad implements AutoCloseable {

    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long ACQUIRE_STEP_MS = 10;

    private final BenchSettings settings;
    private final List<Publisher> publishers;
    private final FleetGenerator generator;
    private final PayloadEncoder encoder;
    private final AuxiliaryFeatures auxiliary;

    private BenchLoad(BenchSettings settings, List<Publisher> publishers) {
        this.settings = settings;
        this.publishers = publishers;
        this.generator = new FleetGenerator(settings.lines(), "L", settings.seed(), 0.5);
        this.encoder = new PayloadEncoder(settings.format(), "sensors");
        this.auxiliary = new AuxiliaryFeatures(settings.features() - BenchSettings.MIN_FEATURES, settings.seed(),
                settings.lines());
    }

    /** Connects every publisher connection, blocking up to the ready timeout each. */
    static BenchLoad connect(BenchSettings settings, String brokerUri) {
        List<Publisher> publishers = new ArrayList<>();
        try {
            for (int i = 0; i < settings.connections(); i++) {
                MqttClients.Connection connection = MqttClients.connect(brokerUri, "bench-pub" + i,
                        MqttClients.onMessage((topic, message) -> { }), settings.readyTimeout().toMillis());
                int window = Math.max(1, Math.min(settings.maxInFlight(), connection.receiveMaximum() - 1));
                publishers.add(new Publisher(connection.client(), window));
            }
        } catch (RuntimeException e) {
            publishers.forEach(publisher -> MqttClients.close(publisher.client));
            throw e;
        }
        return new BenchLoad(settings, publishers);
    }

    /** Publishes one QoS 1 message on {@code topic} outside the counted load (a readiness probe). */
    void probe(String topic) {
        try {
            publishers.get(0).client.publish(topic, new MqttMessage("probe".getBytes(StandardCharsets.UTF_8), 1, false,
                    new MqttProperties()));
        } catch (MqttException | RuntimeException e) {
            // The caller probes again until its receiver answers or its timeout passes.
        }
    }

    /**
     * Publishes for {@code duration} (wall clock), then waits up to 10 s for the publishes in
     * flight. Messages of a batch not yet full when time is up are not sent.
     */
    LoadResult run(Duration duration) {
        List<String> lineIds = generator.lineIds();
        int lines = lineIds.size();
        int ticksPerMessage = settings.ticksPerMessage();
        List<List<LineTick>> pending = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            pending.add(new ArrayList<>(ticksPerMessage));
        }
        double ticksPerSecond = settings.readingsPerSecond() / settings.sensorsPerLine();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long ticks = 0;
        long lastTsMs = 0;
        int next = 0;
        outer:
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (settings.fixedRate()) {
                long due = (long) ((now - start) / 1e9 * ticksPerSecond) + 1;
                if (ticks >= due) {
                    long wakeAt = start + (long) (ticks * 1e9 / ticksPerSecond);
                    LockSupport.parkNanos(Math.max(1, Math.min(wakeAt, end) - now));
                    continue;
                }
            }
            int lineIndex = next;
            next = (next + 1) % lines;
            lastTsMs = Math.max(lastTsMs, System.currentTimeMillis());
            LineTick tick = auxiliary.extend(lineIndex, generator.tick(lineIds.get(lineIndex), lastTsMs));
            Publisher publisher = publishers.get(lineIndex % publishers.size());
            if (ticksPerMessage == 1 && !settings.format().perLine()) {
                for (SimMessage message : encoder.encode(tick)) {
                    if (!publisher.publish(message, settings.qos(), end)) {
                        break outer;
                    }
                }
            } else {
                List<LineTick> batch = pending.get(lineIndex);
                batch.add(tick);
                if (batch.size() == ticksPerMessage) {
                    SimMessage message = encoder.encodeBatch(batch);
                    batch.clear();
                    if (!publisher.publish(message, settings.qos(), end)) {
                        break;
                    }
                }
            }
            ticks++;
        }
        long loopEnd = System.nanoTime();
        long drainDeadline = loopEnd + DRAIN_TIMEOUT_NANOS;
        for (Publisher publisher : publishers) {
            publisher.drain(drainDeadline);
        }
        long drained = System.nanoTime();
        long messages = 0;
        long readings = 0;
        long failed = 0;
        long unfinished = 0;
        for (Publisher publisher : publishers) {
            messages += publisher.deliveredMessages.get();
            readings += publisher.deliveredReadings.get();
            failed += publisher.failedMessages.get();
            unfinished += publisher.inFlight();
        }
        return new LoadResult(start, loopEnd, drained, messages, readings, failed, unfinished);
    }

    @Override
    public void close() {
        publishers.forEach(publisher -> MqttClients.close(publisher.client));
    }

    /**
     * What a phase's load published.
     *
     * @param startNanos         {@link System#nanoTime()} when publishing began
     * @param endNanos           when the publishing loop ended
     * @param drainedNanos       when the publishes in flight had finished (or the drain gave up)
     * @param publishedMessages  acknowledged (QoS 1) or written (QoS 0) messages
     * @param publishedReadings  readings in those messages
     * @param failedMessages     publishes that failed
     * @param unfinishedMessages publishes still in flight when the drain gave up
     */
    record LoadResult(long startNanos, long endNanos, long drainedNanos, long publishedMessages,
                      long publishedReadings, long failedMessages, long unfinishedMessages) {

        double seconds() {
            return Math.max(1e-9, (endNanos - startNanos) / 1e9);
        }

        double readingsPerSecond() {
            return publishedReadings / seconds();
        }
    }

    /** One connection and its in-flight window. Counters are written on Paho's callback thread. */
    private static final class Publisher implements MqttActionListener {

        private final MqttAsyncClient client;
        private final int window;
        private final Semaphore permits;
        private final AtomicLong deliveredMessages = new AtomicLong();
        private final AtomicLong deliveredReadings = new AtomicLong();
        private final AtomicLong failedMessages = new AtomicLong();

        Publisher(MqttAsyncClient client, int window) {
            this.client = client;
            this.window = window;
            this.permits = new Semaphore(window);
        }

        /** Caller's thread: false when no permit came before {@code deadlineNanos}. */
        boolean publish(SimMessage message, int qos, long deadlineNanos) {
            try {
                while (!permits.tryAcquire(ACQUIRE_STEP_MS, TimeUnit.MILLISECONDS)) {
                    if (System.nanoTime() >= deadlineNanos) {
                        return false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            MqttProperties properties = new MqttProperties();
            properties.setContentType(message.contentType());
            try {
                client.publish(message.topic(), new MqttMessage(message.payload(), qos, false, properties), message, this);
            } catch (MqttException | RuntimeException e) {
                failedMessages.incrementAndGet();
                permits.release();
            }
            return true;
        }

        void drain(long deadlineNanos) {
            long wait = deadlineNanos - System.nanoTime();
            try {
                if (wait > 0 && permits.tryAcquire(window, wait, TimeUnit.NANOSECONDS)) {
                    permits.release(window);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int inFlight() {
            return window - permits.availablePermits();
        }

        @Override
        public void onSuccess(IMqttToken token) {
            if (token.getUserContext() instanceof SimMessage message) {
                deliveredMessages.incrementAndGet();
                deliveredReadings.addAndGet(message.readings());
            }
            permits.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            failedMessages.incrementAndGet();
            permits.release();
        }
    }
}
