package io.linegate.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link MessageSink} standing in for the broker. It records every message and
 * either acknowledges at once, acknowledges on its own "broker" thread, fails everything, or
 * holds messages until the test calls {@link #ackAll()} or {@link #failAll(Throwable)}.
 */
final class RecordingSink implements MessageSink {

    enum Mode { ACK_NOW, ACK_ON_BROKER_THREAD, FAIL_NOW, HOLD }

    private final Mode mode;
    private final int maxInFlight;
    private final List<SimMessage> messages = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger maxOutstanding = new AtomicInteger();
    private final ExecutorService broker = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-broker"));
    private volatile boolean closed;

    RecordingSink(Mode mode, int maxInFlight) {
        this.mode = mode;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void publish(SimMessage message, int qos, Outcome outcome) {
        maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
        synchronized (this) {
            messages.add(message);
        }
        switch (mode) {
            case ACK_NOW -> deliver(message, outcome);
            case ACK_ON_BROKER_THREAD -> broker.execute(() -> deliver(message, outcome));
            case FAIL_NOW -> {
                outstanding.decrementAndGet();
                outcome.failed(message, new IllegalStateException("broker says no"));
            }
            case HOLD -> {
                synchronized (this) {
                    pending.add(new Pending(message, outcome));
                }
            }
        }
    }

    private void deliver(SimMessage message, Outcome outcome) {
        outstanding.decrementAndGet();
        outcome.delivered(message);
    }

    synchronized List<SimMessage> messages() {
        return List.copyOf(messages);
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    void ackAll() {
        for (Pending each : takePending()) {
            deliver(each.message(), each.outcome());
        }
    }

    void failAll(Throwable cause) {
        for (Pending each : takePending()) {
            outstanding.decrementAndGet();
            each.outcome().failed(each.message(), cause);
        }
    }

    private synchronized List<Pending> takePending() {
        List<Pending> taken = List.copyOf(pending);
        pending.clear();
        return taken;
    }

    int maxOutstanding() {
        return maxOutstanding.get();
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        broker.shutdown();
        try {
            broker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending(SimMessage message, Outcome outcome) {
    }
}
