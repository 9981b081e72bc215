package io.linegate.sim;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-flight window of a {@link Fleet} and the count of how every publish ended.
 *
 * <p>The publisher thread takes a permit before handing a message to the sink; the sink's
 * callback thread (or the publisher thread, on an immediate failure) reports the outcome,
 * which returns the permit and then runs the fleet's {@code onFinished} hook. Counters may be
 * read from any thread.
 */
final class Deliveries implements MessageSink.Outcome {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    /** Starts without permits: the size of the window is known only once connected. */
    private final Semaphore window = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong publishedMessages = new AtomicLong();
    private final AtomicLong publishedReadings = new AtomicLong();
    private final AtomicLong failedMessages = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final Runnable onFinished;

    Deliveries(Runnable onFinished) {
        this.onFinished = onFinished;
    }

    /** Opens the window to {@code size} publishes; once, before the first {@link #acquire()}. */
    void open(int size) {
        window.release(Checks.requirePositive("window size", size));
    }

    /** Publisher thread: waits for room in the window. */
    void acquire() throws InterruptedException {
        window.acquire();
    }

    /** Publisher thread: gives back a permit that was not used after all. */
    void unused() {
        window.release();
    }

    /** Publisher thread: the message for the last permit goes to the sink now. */
    void handedOver() {
        inFlight.incrementAndGet();
    }

    @Override
    public void delivered(SimMessage message) {
        publishedMessages.incrementAndGet();
        publishedReadings.addAndGet(message.readings());
        finished();
    }

    @Override
    public void failed(SimMessage message, Throwable cause) {
        failedMessages.incrementAndGet();
        String sensor = message.perSensor() ? message.sensorId() : "*";
        if (firstFailure.compareAndSet(null, cause)) {
            log.warn("message not delivered: line={} sensor={} reason={}", message.lineId(), sensor, PahoSink.describe(cause));
        } else {
            log.debug("message not delivered: line={} sensor={} reason={}", message.lineId(), sensor, PahoSink.describe(cause));
        }
        finished();
    }

    private void finished() {
        inFlight.decrementAndGet();
        window.release();
        onFinished.run();
    }

    int inFlight() {
        return inFlight.get();
    }

    long publishedMessages() {
        return publishedMessages.get();
    }

    long publishedReadings() {
        return publishedReadings.get();
    }

    long failedMessages() {
        return failedMessages.get();
    }

    /** The first failure, or null. */
    Throwable firstFailure() {
        return firstFailure.get();
    }
}
