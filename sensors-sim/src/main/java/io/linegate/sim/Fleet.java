package io.linegate.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulated fleet: generates every line's ticks ({@link FleetGenerator}), encodes
 * them ({@link PayloadEncoder}) and hands them to one transport ({@link MessageSink}): one
 * MQTT 5 connection ({@link PahoSink}), or CoAP requests from simulated devices
 * ({@link CoapSink}) when {@link FleetConfig#coap()} is set. Generation, pacing, the
 * in-flight window and the counters are the same for both, so one seed gives the same
 * readings over either.
 *
 * <p>Pacing: in realtime mode ticks run at the configured rate on a fixed-rate schedule (if
 * the broker falls behind, late ticks run back to back); in accelerated mode ticks run as fast
 * as the in-flight window allows. Either way the fleet stops after
 * {@link FleetConfig#tickLimit()} ticks per line, on {@link #stop()}, or on {@link #close()}.
 * The window (a semaphore released when the broker acknowledges a QoS 1 publish, or when
 * the client has written a QoS 0 one; over CoAP when the request's final answer, timeout or
 * error arrived) bounds memory and keeps Paho below the broker's Receive Maximum, or the
 * CoAP devices within their own windows.
 *
 * <p>Threads: one publisher thread ({@code sensors-sim-publisher}) owns the generator and
 * encoder and is the only caller of publish, so a line's readings go out in event-time
 * order (over CoAP, requests in flight at once may arrive in any order). Paho's and
 * Californium's callback threads only update counters; the MQTT sink reconnects on its own
 * {@code sensors-sim-reconnect} thread, the CoAP sink retries on {@code sensors-sim-coap-retry}. Every public method is thread-safe.
 * {@link #close()} leaves no thread behind. With accelerated event time a lost connection
 * ends the run (the data set would have a hole); in realtime the client reconnects and
 * publishes that fail meanwhile are counted.
 *
 * <p>Scenario times ({@link FleetConfig#scenario()}) count from {@link #startEpochMs()}: the
 * configured start in accelerated mode, the clock when publishing begins in realtime. A
 * drift listener given to {@code start} is called on the publisher thread when a drift takes
 * effect, before that tick is published; it should be quick, and an exception it throws is
 * logged and otherwise ignored.
 */
public final class Fleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Fleet.class);
    private static final Duration CLOSE_DRAIN = Duration.ofSeconds(5);

    private final FleetConfig config;
    private final Clock clock;
    private final FleetGenerator generator;
    private final PayloadEncoder encoder;
    private final long tickLimit;
    private final ScheduledExecutorService publisher;

    private final AtomicLong ticks = new AtomicLong();
    private final Deliveries deliveries = new Deliveries(this::maybeComplete);
    private final AtomicReference<Throwable> abortCause = new AtomicReference<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean generationDone = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean completing = new AtomicBoolean();
    private final AtomicLong endNanos = new AtomicLong();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private volatile long startNanos = System.nanoTime();
    private volatile long startEpochMs;

    private volatile MessageSink sink;
    private volatile ScheduledFuture<?> periodic;
    /** Publisher thread only. */
    private long lastTsMs;

    private Fleet(FleetConfig config, Clock clock, Consumer<DriftEvent> onDrift) {
        this.config = config;
        this.clock = clock;
        this.generator = FleetGenerator.of(config).onDrift(event -> reportDrift(event, onDrift));
        this.encoder = new PayloadEncoder(config.format(), config.topicPrefix());
        this.tickLimit = config.tickLimit();
        this.publisher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sensors-sim-publisher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects to the broker, or opens the CoAP devices and pings the server (blocking up to
     * {@link FleetConfig#connectTimeout()}), and starts publishing. Event time in realtime mode
     * comes from the system UTC clock.
     *
     * @throws FleetException when the broker or CoAP server cannot be reached or refuses the
     *                        connection (e.g. a failed DTLS handshake)
     */
    public static Fleet start(FleetConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Like {@link #start(FleetConfig)}, with realtime event time read from {@code clock}. */
    public static Fleet start(FleetConfig config, Clock clock) {
        return start(config, clock, event -> { });
    }

    /**
     * Like {@link #start(FleetConfig)}, telling {@code onDrift} on the publisher thread whenever
     * a drift of the scenario takes effect on a line.
     */
    public static Fleet start(FleetConfig config, Consumer<DriftEvent> onDrift) {
        return start(config, Clock.systemUTC(), onDrift);
    }

    /** Like {@link #start(FleetConfig, Consumer)}, with realtime event time read from {@code clock}. */
    public static Fleet start(FleetConfig config, Clock clock, Consumer<DriftEvent> onDrift) {
        Fleet fleet = new Fleet(Checks.requireNonNull("config", config), Checks.requireNonNull("clock", clock),
                Checks.requireNonNull("onDrift", onDrift));
        try {
            fleet.begin(config.coap() != null ? CoapSink.open(config)
                    : PahoSink.connect(config, fleet.deliveries, fleet.new ConnectionEvents()));
        } catch (RuntimeException e) {
            fleet.publisher.shutdownNow();
            throw e;
        }
        return fleet;
    }

    /** For tests: publishes into {@code sink} instead of an MQTT client. */
    static Fleet start(FleetConfig config, Clock clock, Function<Fleet, MessageSink> sinkFactory) {
        return start(config, clock, sinkFactory, event -> { });
    }

    /** For tests: publishes into {@code sink} and reports drifts to {@code onDrift}. */
    static Fleet start(FleetConfig config, Clock clock, Function<Fleet, MessageSink> sinkFactory,
                       Consumer<DriftEvent> onDrift) {
        Fleet fleet = new Fleet(config, clock, onDrift);
        fleet.begin(sinkFactory.apply(fleet));
        return fleet;
    }

    /** For tests: the connection callback a sink must report to. */
    MessageSink.ConnectionListener connectionEvents() {
        return new ConnectionEvents();
    }

    private void begin(MessageSink connectedSink) {
        startNanos = System.nanoTime();
        sink = connectedSink;
        deliveries.open(Math.max(1, Math.min(config.maxInFlight(), connectedSink.maxInFlight())));
        log.info("fleet started: protocol={} lines={} format={} rate={}/s qos={} eventTime={} tickLimit={}",
                config.protocol().cliName(), config.lines(), config.format().cliName(), config.ratePerSecond(),
                config.qos(), config.eventTime().describe(),
                tickLimit == 0 ? "none" : tickLimit);
        if (config.eventTime() instanceof EventTime.Accelerated accelerated) {
            startEpochMs = accelerated.startEpochMs();
            generator.startAt(startEpochMs);
            publisher.execute(() -> runAccelerated(accelerated));
        } else {
            // Scenario offsets count from here; event time never goes below it.
            startEpochMs = clock.millis();
            lastTsMs = startEpochMs;
            generator.startAt(startEpochMs);
            periodic = publisher.scheduleAtFixedRate(this::runRealtimeTick, 0, config.tickIntervalNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    /** The configuration this fleet runs with. */
    public FleetConfig config() {
        return config;
    }

    /** The truth of every line, in line order, with its drifts (see {@link GroundTruth#at}). */
    public List<GroundTruth> groundTruth() {
        return generator.groundTruth();
    }

    /** The event time from which scenario offsets count, epoch milliseconds. */
    public long startEpochMs() {
        return startEpochMs;
    }

    /** Ticks completed per line (every line has the same count). */
    public long ticks() {
        return ticks.get();
    }

    /** Messages acknowledged by the broker (QoS 1) or written to the connection (QoS 0). */
    public long publishedMessages() {
        return deliveries.publishedMessages();
    }

    /** Readings carried by {@link #publishedMessages()}. */
    public long publishedReadings() {
        return deliveries.publishedReadings();
    }

    /** Messages that could not be published (e.g. while disconnected). */
    public long failedMessages() {
        return deliveries.failedMessages();
    }

    /** How the CoAP requests ended so far; empty for an MQTT fleet. Any thread. */
    public Optional<CoapOutcomes> coapOutcomes() {
        return sink instanceof CoapSink coap ? Optional.of(coap.outcomes()) : Optional.empty();
    }

    /** Messages handed to the client and not finished yet. */
    public int inFlight() {
        return deliveries.inFlight();
    }

    /** A snapshot of the counters. */
    public FleetProgress progress() {
        long end = endNanos.get();
        long elapsed = (end != 0 ? end : System.nanoTime()) - startNanos;
        return new FleetProgress(ticks.get(), deliveries.publishedMessages(), deliveries.publishedReadings(),
                deliveries.failedMessages(), deliveries.inFlight(), Duration.ofNanos(elapsed), completion.isDone());
    }

    /**
     * Completes when the fleet has stopped generating (tick limit, {@link #stop()} or
     * {@link #close()}) and every publish has finished: normally when all were delivered,
     * exceptionally with a {@link FleetException} when some failed or the run was cut short
     * by a lost connection (accelerated mode). Each call returns a new dependent future, so
     * callers cannot complete the fleet's own. Dependent actions run on the publisher thread:
     * keep them short, and use an async variant ({@code thenRunAsync}) to call {@link #close()}.
     */
    public CompletableFuture<Void> completion() {
        return completion.copy();
    }

    /**
     * Stops generating after the current tick; {@link #completion()} completes once the
     * publishes in flight have finished. Non-blocking, idempotent, any thread.
     */
    public void stop() {
        if (!stopRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            publisher.execute(this::finishGeneration);
        } catch (RejectedExecutionException e) {
            finishGeneration();
        }
    }

    /**
     * Stops, waits up to 5 s for the publishes in flight, disconnects and ends the publisher
     * thread. Idempotent, any thread but the publisher's.
     */
    @Override
    public void close() {
        close(CLOSE_DRAIN);
    }

    /** {@link #close()} with another bound on waiting for the publishes in flight. */
    void close(Duration drain) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop();
        try {
            completion.get(drain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("closing with {} messages still in flight", deliveries.inFlight());
        } catch (ExecutionException e) {
            // Reported through completion(); closing goes on.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.shutdownNow();
        try {
            if (!publisher.awaitTermination(CLOSE_DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("publisher thread did not end within {}", CLOSE_DRAIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MessageSink current = sink;
        if (current != null) {
            current.close();
        }
        generationDone.set(true);
        endNanos.compareAndSet(0, System.nanoTime());
        int unfinished = deliveries.inFlight();
        if (unfinished == 0) {
            completeNow();
        } else {
            completion.completeExceptionally(new FleetException("fleet closed with " + unfinished
                    + " messages still in flight"));
        }
    }

    /** Publisher thread, once per period. */
    private void runRealtimeTick() {
        try {
            if (stopRequested.get() || limitReached()) {
                finishGeneration();
                return;
            }
            publishTick(Math.max(lastTsMs, clock.millis()));
            if (limitReached()) {
                finishGeneration();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finishGeneration();
        } catch (RuntimeException e) {
            abort(e);
        }
    }

    /** Publisher thread, until the limit, a stop or an interrupt. */
    private void runAccelerated(EventTime.Accelerated eventTime) {
        try {
            while (!stopRequested.get() && !limitReached() && !Thread.currentThread().isInterrupted()) {
                publishTick(eventTime.tickTimeMs(ticks.get(), config.ratePerSecond()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            abort(e);
        }
        finishGeneration();
    }

    private boolean limitReached() {
        return tickLimit > 0 && ticks.get() >= tickLimit;
    }

    private void publishTick(long tsMs) throws InterruptedException {
        for (LineTick lineTick : generator.tick(tsMs)) {
            for (SimMessage message : encoder.encode(lineTick)) {
                deliveries.acquire();
                if (abortCause.get() != null) {
                    // The data set has a hole already; finishing the tick would only add failures.
                    deliveries.unused();
                    return;
                }
                deliveries.handedOver();
                sink.publish(message, config.qos(), deliveries);
            }
        }
        lastTsMs = tsMs;
        ticks.incrementAndGet();
    }

    /** Publisher thread. */
    private static void reportDrift(DriftEvent event, Consumer<DriftEvent> onDrift) {
        log.info("drift line={} at={} eventTime={} truth={}", event.lineId(), DurationText.format(event.sinceStart()),
                event.eventTimeMs(), event.after().describe());
        try {
            onDrift.accept(event);
        } catch (RuntimeException e) {
            log.error("drift listener failed: line={} reason={}", event.lineId(), e.toString(), e);
        }
    }

    private void abort(Throwable cause) {
        log.error("fleet stopped by an unexpected error", cause);
        abortCause.compareAndSet(null, cause);
        finishGeneration();
    }

    private void finishGeneration() {
        if (generationDone.compareAndSet(false, true)) {
            ScheduledFuture<?> task = periodic;
            if (task != null) {
                task.cancel(false);
            }
        }
        maybeComplete();
    }

    /**
     * Any thread. Completes on the publisher thread rather than on Paho's callback thread, so
     * that dependent actions of {@link #completion()} cannot stall the MQTT client.
     */
    private void maybeComplete() {
        if (!generationDone.get() || deliveries.inFlight() != 0 || completion.isDone() || !completing.compareAndSet(false, true)) {
            return;
        }
        endNanos.compareAndSet(0, System.nanoTime());
        try {
            publisher.execute(this::completeNow);
        } catch (RejectedExecutionException e) {
            completeNow();
        }
    }

    private void completeNow() {
        Throwable aborted = abortCause.get();
        long failed = deliveries.failedMessages();
        if (aborted != null) {
            completion.completeExceptionally(new FleetException("fleet stopped after " + ticks.get()
                    + " ticks per line: " + PahoSink.describe(aborted), aborted));
        } else if (failed > 0) {
            Throwable first = deliveries.firstFailure();
            completion.completeExceptionally(new FleetException(failed + " of " + (failed + deliveries.publishedMessages())
                    + " messages were not published; first failure: " + PahoSink.describe(first), first));
        } else {
            completion.complete(null);
        }
    }

    /** Called by the sink on its callback thread. */
    private final class ConnectionEvents implements MessageSink.ConnectionListener {

        @Override
        public void connectionLost(Throwable cause) {
            if (config.eventTime() instanceof EventTime.Accelerated && !closed.get()) {
                abortCause.compareAndSet(null, cause);
                stop();
            }
        }

        @Override
        public void reconnected() {
            // Realtime ticks simply go on; nothing to resume.
        }
    }
}
