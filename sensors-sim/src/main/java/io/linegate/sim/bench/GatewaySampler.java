package io.linegate.sim.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the gateway while the load runs (the run's own thread is busy publishing): every
 * interval, one {@code /metrics} scrape for the heap and the accepted count, and its CPU time
 * from {@code /proc}. What it shows is whether heap and per-reading CPU stay flat over a long
 * run. A sample that fails is skipped, not fatal. One daemon thread, stopped by {@link #close()}.
 */
final class GatewaySampler implements AutoCloseable {

    static final String HEAP_USED = "jvm_memory_used_bytes";
    static final String LIVE_DATA = "jvm_gc_live_data_size_bytes";

    private final GatewayProcess gateway;
    private final ProcStats proc;
    private final long startNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-sampler");
        t.setDaemon(true);
        return t;
    });

    private GatewaySampler(GatewayProcess gateway, ProcStats proc) {
        this.gateway = gateway;
        this.proc = proc;
    }

    /** Starts sampling now and then every {@code interval}. */
    static GatewaySampler start(GatewayProcess gateway, ProcStats proc, Duration interval) {
        GatewaySampler sampler = new GatewaySampler(gateway, proc);
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    private void sample() {
        try {
            PrometheusText.Scrape scrape = gateway.scrape();
            OptionalDouble cpu = gateway.cpuSeconds(proc);
            Sample sample = new Sample((System.nanoTime() - startNanos) / 1e9,
                    Math.round(scrape.sum(HEAP_USED, labels -> "heap".equals(labels.get("area")))),
                    scrape.has(LIVE_DATA) ? Math.round(scrape.sum(LIVE_DATA)) : null,
                    Math.round(scrape.sum(Metrics.ACCEPTED)), cpu.isPresent() ? cpu.getAsDouble() : null);
            synchronized (samples) {
                samples.add(sample);
            }
        } catch (RuntimeException e) {
            // The gateway is busy or gone; the next sample tries again, the run reports the rest.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The samples so far, oldest first. */
    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One sample.
     *
     * @param seconds       since sampling started
     * @param heapUsedBytes {@code jvm_memory_used_bytes} summed over the heap pools
     * @param liveDataBytes {@code jvm_gc_live_data_size_bytes} (old generation after the last major
     *                      collection), or null when the gateway does not export it
     * @param accepted      {@code linegate_readings_accepted_total}
     * @param cpuSeconds    the gateway's CPU seconds so far, or null (not Linux)
     */
    record Sample(double seconds, long heapUsedBytes, Long liveDataBytes, long accepted, Double cpuSeconds) {
    }

    /**
     * The lowest heap use in each {@code span} of the samples: with collections every few seconds,
     * the lowest sample of a minute is close to what survives a collection, so a flat series means
     * no growth. Spans without samples are left out.
     */
    static List<Long> lowestHeapPerSpan(List<Sample> samples, Duration span) {
        List<Long> lowest = new ArrayList<>();
        double spanSeconds = span.toMillis() / 1000.0;
        int current = -1;
        for (Sample sample : samples) {
            int index = (int) (sample.seconds() / spanSeconds);
            if (index != current) {
                lowest.add(sample.heapUsedBytes());
                current = index;
            } else {
                lowest.set(lowest.size() - 1, Math.min(lowest.get(lowest.size() - 1), sample.heapUsedBytes()));
            }
        }
        return lowest;
    }
}
