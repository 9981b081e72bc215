package io.linegate.gateway.pipeline;

import io.linegate.gateway.aggregate.LineWindows;
import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.config.LinesConfig;
import io.linegate.gateway.decode.Reading;
import io.linegate.gateway.decode.RejectReason;
import io.linegate.gateway.forward.UpstreamSink;
import io.linegate.gateway.observe.LineBoard;
import io.linegate.gateway.observe.WhatIf;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-threaded line workers (DESIGN §2). A message's readings (all of one line) are
 * routed by {@code floorMod(lineId.hashCode(), workers)} to one worker's queue as one batch,
 * so a line's windows and model have exactly one owner and need no locks. Queues are bounded
 * by readings (a batch of 10,000 weighs what it costs); a full queue never blocks the
 * transport: the message is rejected as {@code OVERLOADED} and counted. Readings whose event
 * time is too far ahead of the clock are rejected as {@code FUTURE}. A reading whose
 * {@code (line, sensor, seq)} was accepted a moment ago is dropped as {@code DUPLICATE} before it
 * is queued, whichever transport it came on ({@link RecentSeqs}).
 *
 * <p>{@link #submit} is called on transport threads. Each worker survives any exception in
 * one batch (counted in {@code linegate.worker.errors}, logged as a bug).
 *
 * <p>After every closed window a line's worker publishes its immutable snapshot on the
 * {@link LineBoard}. A {@link #whatIf} question goes into the line's worker queue like a batch
 * (at most {@value #MAX_QUESTIONS} waiting per worker) and is answered on that thread, the only
 * one that may touch the model.
 */
public final class LineWorkers implements WhatIf, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LineWorkers.class);
    private static final long TICK_MS = 50;
    private static final int DRAIN_BATCH = 256;

    /** Questions a worker holds at most; more are refused at once (the asker answers 503). */
    static final int MAX_QUESTIONS = 16;

    /** What a worker's queue holds. */
    private sealed interface Work permits Batch, Question {
    }

    private record Batch(List<Reading> readings, String source, String topic) implements Work {
    }

    /** A what-if question about a line, answered on the line's worker. */
    private record Question(String lineId, double[] values, CompletableFuture<Optional<WhatIf.Answer>> answer)
            implements Work {
    }

    private final String gatewayId;
    private final LinesConfig lines;
    private final LineModelFactory models;
    private final LineStore store;
    private final long checkpointIntervalMs;
    private final UpstreamSink upstream;
    private final Rejections rejections;
    private final Clock clock;
    private final int maxLines;
    private final long maxFutureSkewMs;
    private final AtomicInteger lineCount = new AtomicInteger();
    private final RecentSeqs recentSeqs = new RecentSeqs();
    private volatile boolean closed;
    private final WorkerMetrics metrics;
    private final LineBoard board;
    private final Worker[] workers;

    /**
     * @param gatewayId     this gateway's id
     * @param lines         per-line settings
     * @param models        creates a line's model from its settings, or restores it
     * @param stateDir      where line checkpoints and journals live
     * @param checkpointInterval how often each changed line is checkpointed
     * @param upstream      where predictions and summaries go
     * @param rejections    where LATE, LINE_LIMIT, OVERLOADED and DUPLICATE are counted
     * @param workerCount   number of worker threads
     * @param queueCapacity readings each worker's queue holds
     * @param maxLines      most distinct lines kept
     * @param maxFutureSkew how far ahead of the clock an event time may be
     * @param clock         wall clock for idle timeouts and arrival times
     * @param meters        where metrics are registered
     */
    public LineWorkers(String gatewayId, LinesConfig lines, LineModelFactory models, Path stateDir,
                       Duration checkpointInterval, UpstreamSink upstream, Rejections rejections, int workerCount, int queueCapacity,
                       int maxLines, Duration maxFutureSkew, Clock clock, MeterRegistry meters) {
        this(gatewayId, lines, models, stateDir, checkpointInterval, upstream, rejections, workerCount, queueCapacity,
                maxLines, maxFutureSkew, clock, meters, new LineBoard());
    }

    /**
     * As above, publishing every line's snapshots and alerts on {@code board} for the operator
     * surface.
     */
    public LineWorkers(String gatewayId, LinesConfig lines, LineModelFactory models, Path stateDir,
                       Duration checkpointInterval, UpstreamSink upstream, Rejections rejections, int workerCount,
                       int queueCapacity, int maxLines, Duration maxFutureSkew, Clock clock, MeterRegistry meters,
                       LineBoard board) {
        this.board = board;
        this.gatewayId = gatewayId;
        this.lines = lines;
        this.models = models;
        this.store = new LineStore(stateDir);
        this.checkpointIntervalMs = checkpointInterval.toMillis();
        this.upstream = upstream;
        this.rejections = rejections;
        this.clock = clock;
        this.maxLines = maxLines;
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
        this.metrics = new WorkerMetrics(meters);
        this.workers = new Worker[workerCount];
        for (int i = 0; i < workerCount; i++) {
            workers[i] = new Worker(i, queueCapacity);
        }
        Gauge.builder("linegate.lines.active", lineCount, AtomicInteger::get)
                .description("Lines the gateway keeps state for").register(meters);
        Gauge.builder("linegate.worker.queue.size", this, LineWorkers::queued)
                .description("Messages waiting in line worker queues").register(meters);
    }

    /** Starts the worker threads. */
    public void start() {
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /**
     * Hands the readings of one message (all of one line) to the line's worker. Never blocks.
     *
     * @return false when the worker's queue was full (the message is counted as OVERLOADED)
     */
    public boolean submit(List<Reading> readings, String source, String topic, byte[] payload) {
        return !offer(readings, source, topic, payload).overloaded();
    }

    /**
     * Hands the readings of one message (all of one line) to the line's worker, minus those whose
     * {@code (line, sensor, seq)} was accepted before (each counted as {@code DUPLICATE}). Never
     * blocks. When the queue is full, nothing is queued, the message is counted as
     * {@code OVERLOADED} and its seqs are forgotten again, so the sender may retry.
     */
    public Admission offer(List<Reading> readings, String source, String topic, byte[] payload) {
        String lineId = readings.get(0).lineId();
        Worker worker = workers[Math.floorMod(lineId.hashCode(), workers.length)];
        if (closed) {
            rejections.reject(RejectReason.OVERLOADED, source, topic, payload, "gateway is shutting down");
            return new Admission(0, 0, true);
        }
        List<Reading> fresh = recentSeqs.admitAll(readings, r -> rejections.reject(RejectReason.DUPLICATE, source,
                topic, null, describe(r) + " seq=" + r.seq() + " was accepted before"));
        int duplicates = readings.size() - fresh.size();
        if (fresh.isEmpty()) {
            return new Admission(0, duplicates, false);
        }
        if (!worker.reserve(fresh.size())) {
            fresh.forEach(recentSeqs::forget);
            rejections.reject(RejectReason.OVERLOADED, source, topic, payload,
                    "line worker queue full (" + worker.capacity + " readings)");
            return new Admission(0, duplicates, true);
        }
        worker.queue.add(new Batch(fresh, source, topic));
        return new Admission(fresh.size(), duplicates, false);
    }

    /**
     * Asks the line's model on the line's worker thread; see {@link WhatIf}. Called on any thread
     * (the operator HTTP event loops); never blocks.
     */
    @Override
    public CompletableFuture<Optional<WhatIf.Answer>> whatIf(String lineId, double[] values) {
        Worker worker = workers[Math.floorMod(lineId.hashCode(), workers.length)];
        if (closed) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("gateway is shutting down"));
        }
        if (worker.questions.incrementAndGet() > MAX_QUESTIONS) {
            worker.questions.decrementAndGet();
            return CompletableFuture.failedFuture(new RejectedExecutionException(
                    "line worker has " + MAX_QUESTIONS + " questions waiting"));
        }
        CompletableFuture<Optional<WhatIf.Answer>> answer = new CompletableFuture<>();
        worker.queue.add(new Question(lineId, values.clone(), answer));
        return answer;
    }

    /** The board the workers publish line snapshots on. */
    public LineBoard board() {
        return board;
    }

    /** Readings waiting in all worker queues. */
    public int queued() {
        int n = 0;
        for (Worker w : workers) {
            n += w.queuedReadings.get();
        }
        return n;
    }

    /** Lines the gateway keeps state for. */
    public int lineCount() {
        return lineCount.get();
    }

    /** Stops taking work, finishes what is queued (waiting at most {@code waitMillis}) and stops the threads. */
    public void close(long waitMillis) {
        closed = true;
        for (Worker w : workers) {
            w.running = false;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (Worker w : workers) {
            try {
                w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            w.thread.interrupt();
            int abandoned = w.queuedReadings.getAndSet(0);
            if (abandoned > 0) {
                metrics.droppedAtShutdown.increment(abandoned);
                log.warn("Line worker stopped with readings still queued readings={}", abandoned);
            }
        }
    }

    @Override
    public void close() {
        close(5_000);
    }

    /**
     * The state of a line: restored from its checkpoint and journal when it has one (model
     * and seq continue), else new. A checkpoint that does not fit the line's current settings
     * (features changed) starts the model afresh but keeps the seq going.
     */
    private LineState openLine(String lineId, LineConfig config) {
        LineStore.Saved saved;
        try {
            saved = store.load(lineId);
        } catch (IOException e) {
            metrics.stateErrors.increment();
            log.error("Line state unreadable; starting afresh line={}", lineId, e);
            saved = new LineStore.Saved(0, null, java.util.List.of(), 0);
        }
        LineLearner learner = restoreLearner(lineId, config, saved);
        try {
            LineStore.Journal journal = store.openJournal(lineId, saved.journalBytes());
            if (saved.lastSeq() > 0) {
                metrics.linesRestored.increment();
                log.info("Line restored line={} lastSeq={} observations={}", lineId, saved.lastSeq(),
                        learner.model().observations());
            }
            return new LineState(gatewayId, lineId, config, learner, saved.lastSeq() + 1, upstream, metrics, store,
                    journal, board);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the journal of line " + lineId, e);
        }
    }

    /**
     * Restores the learner from its checkpoint and replays the journaled windows through it,
     * exactly as they ran live (scores and drift included, nothing published).
     */
    private LineLearner restoreLearner(String lineId, LineConfig config, LineStore.Saved saved) {
        if (saved.model() != null || !saved.journal().isEmpty()) {
            try {
                LineLearner learner = saved.model() == null
                        ? LineLearner.create(config, models)
                        : LineLearner.restore(config, models, saved.model());
                for (LineStore.JournalEntry e : saved.journal()) {
                    if (e.features() != null) {
                        learner.step(e.seq(), e.features(), true, e.target());
                    }
                }
                return learner;
            } catch (RuntimeException e) {
                metrics.stateErrors.increment();
                log.warn("Saved model does not fit the line's settings; relearning line={} reason={}", lineId,
                        e.getMessage());
            }
        }
        return LineLearner.create(config, models);
    }

    private static String describe(Reading r) {
        return "line=" + r.lineId() + " sensor=" + r.sensorId() + " ts=" + r.tsMs() + " value=" + r.value();
    }

    /** One worker thread with its queue and the lines it owns. */
    private final class Worker {
        private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
        private final AtomicInteger queuedReadings = new AtomicInteger();
        private final AtomicInteger questions = new AtomicInteger();
        private final int capacity;
        private final Map<String, LineState> owned = new HashMap<>();
        private final List<Work> drained = new ArrayList<>(DRAIN_BATCH);
        private final Thread thread;
        private volatile boolean running = true;
        private long lastScanNanos = System.nanoTime();

        Worker(int index, int capacity) {
            this.capacity = capacity;
            this.thread = new Thread(this::run, "linegate-line-worker-" + index);
            this.thread.setDaemon(true);
        }

        /** Reserves room for {@code n} readings; the queue is bounded by readings, not messages. */
        boolean reserve(int n) {
            while (true) {
                int queued = queuedReadings.get();
                if (queued + n > capacity && queued > 0) {
                    return false;
                }
                if (queuedReadings.compareAndSet(queued, queued + n)) {
                    return true;
                }
            }
        }

        private void run() {
            try {
                loop();
            } finally {
                // Stopped by an interrupt after the close timeout: clear it, or the file channels
                // of the final checkpoints would close themselves.
                Thread.interrupted();
                for (LineState line : owned.values()) {
                    line.close();
                }
            }
        }

        private void loop() {
            while (running || !queue.isEmpty()) {
                try {
                    Work first = queue.poll(TICK_MS, TimeUnit.MILLISECONDS);
                    // Everything this pass hands upstream shares one outbox sync.
                    passSafely(() -> {
                        if (first != null) {
                            handleSafely(first);
                            queue.drainTo(drained, DRAIN_BATCH);
                            for (Work w : drained) {
                                handleSafely(w);
                            }
                            drained.clear();
                        }
                        scanIdle();
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Runs one pass inside an upstream batch; a failed sync is counted and logged, never fatal. */
        private void passSafely(Runnable pass) {
            try {
                upstream.batch(pass);
            } catch (RuntimeException e) {
                metrics.workerErrors.increment();
                log.error("Line worker failed storing its pass's upstream messages", e);
            }
        }

        private void handleSafely(Work work) {
            if (work instanceof Question q) {
                answer(q);
            } else {
                handleSafely((Batch) work);
            }
        }

        /** Answers on this thread, which owns the line; a failure fails the question, never the worker. */
        private void answer(Question q) {
            questions.decrementAndGet();
            try {
                LineState line = owned.get(q.lineId());
                if (line == null) {
                    q.answer().completeExceptionally(new NoSuchElementException("no line " + q.lineId()));
                    return;
                }
                q.answer().complete(line.whatIf(q.values()).map(p -> new WhatIf.Answer(p.value(), p.lower(),
                        p.upper(), p.level(), p.observations())));
            } catch (RuntimeException e) {
                metrics.workerErrors.increment();
                log.error("Line worker failed on a what-if line={}", q.lineId(), e);
                q.answer().completeExceptionally(e);
            }
        }

        private void handleSafely(Batch batch) {
            queuedReadings.addAndGet(-batch.readings().size());
            try {
                handle(batch);
            } catch (RuntimeException e) {
                metrics.workerErrors.increment();
                log.error("Line worker failed on a batch line={}", batch.readings().get(0).lineId(), e);
            }
        }

        private void handle(Batch batch) {
            String lineId = batch.readings().get(0).lineId();
            LineState line = owned.get(lineId);
            if (line == null) {
                line = newLine(lineId, batch);
                if (line == null) {
                    return;
                }
            }
            long now = clock.millis();
            LineWindows windows = line.windows();
            LineState owner = line;
            for (Reading r : batch.readings()) {
                if (r.tsMs() - now > maxFutureSkewMs) {
                    rejections.reject(RejectReason.FUTURE, batch.source(), batch.topic(), null,
                            describe(r) + " is more than " + maxFutureSkewMs + " ms ahead of the gateway clock " + now);
                    continue;
                }
                switch (windows.add(r, now, w -> owner.onWindowClosed(w, clock.millis()))) {
                    case ACCEPTED -> metrics.readingsAccepted.increment();
                    case IGNORED -> metrics.readingsIgnored.increment();
                    case LATE -> rejections.reject(RejectReason.LATE, batch.source(), batch.topic(), null,
                            describe(r) + " is behind the watermark " + windows.watermarkMs());
                }
            }
        }

        private LineState newLine(String lineId, Batch batch) {
            if (lineCount.incrementAndGet() > maxLines) {
                lineCount.decrementAndGet();
                rejections.reject(RejectReason.LINE_LIMIT, batch.source(), batch.topic(), null,
                        "line limit of " + maxLines + " reached; " + batch.readings().size() + " readings dropped");
                return null;
            }
            LineConfig config = lines.forLine(lineId);
            LineState line;
            try {
                line = openLine(lineId, config);
            } catch (RuntimeException e) {
                lineCount.decrementAndGet();
                throw e;
            }
            owned.put(lineId, line);
            log.info("New line line={} features={} target={} window={}", lineId, config.features(), config.target(),
                    config.window());
            return line;
        }

        private void scanIdle() {
            // Scans are paced by the monotonic clock; whether a line is idle is judged by the
            // injected wall clock (which tests move by hand).
            long tick = System.nanoTime();
            if (tick - lastScanNanos < TimeUnit.MILLISECONDS.toNanos(TICK_MS)) {
                return;
            }
            lastScanNanos = tick;
            long now = clock.millis();
            for (LineState line : owned.values()) {
                try {
                    line.checkpointIfDue(now, checkpointIntervalMs);
                    line.windows().closeIfIdle(now, w -> line.onWindowClosed(w, now));
                } catch (RuntimeException e) {
                    metrics.workerErrors.increment();
                    log.error("Line worker failed closing idle windows line={}", line.windows().lineId(), e);
                }
            }
        }
    }
}
