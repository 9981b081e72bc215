package io.linegate.gateway.outbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's own daemon thread, {@value #NAME}, which runs one maintenance pass every
 * {@code syncInterval}. A failing pass is logged at WARN and retried next period; it never stops
 * the thread. Started and stopped by the {@link Outbox} that owns it.
 */
final class MaintenanceThread {

    static final String NAME = "linegate-outbox-maintenance";
    private static final Logger log = LoggerFactory.getLogger(MaintenanceThread.class);

    /** One pass. */
    interface Pass {
        void run() throws IOException;
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, NAME);
        thread.setDaemon(true);
        return thread;
    });
    private final Path dir;

    MaintenanceThread(Path dir) {
        this.dir = dir;
    }

    void start(Duration period, Pass pass) {
        long periodMs = period.toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                pass.run();
            } catch (IOException | RuntimeException e) {
                log.warn("Outbox maintenance failed in {}; will retry: {}", dir, e.toString());
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Stops the thread and waits up to 10 s for a running pass to finish. */
    void stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Outbox maintenance thread did not stop within 10 s in {}", dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
