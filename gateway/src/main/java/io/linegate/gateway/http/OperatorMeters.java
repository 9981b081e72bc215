package io.linegate.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The registry a gateway registers its meters in: the caller's registry (whatever it is; tests
 * pass a {@code SimpleMeterRegistry}) composed with a {@link PrometheusMeterRegistry} that
 * {@code /metrics} scrapes, so every meter lands in both. JVM and process meters (memory, GC,
 * threads, class loading, CPU, uptime, file descriptors) are bound to it as well.
 *
 * <p>Created and closed by the gateway's wiring, which owns it. The caller's registry stays the
 * caller's: {@link #close()} does not close it (closing a {@link CompositeMeterRegistry} would),
 * and the meters registered through this one stay in it, as they did before there was a
 * composite. {@link #scrape()} is thread-safe.
 */
public final class OperatorMeters implements AutoCloseable {

    private final CompositeMeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final List<AutoCloseable> closeableBinders = new ArrayList<>();

    private OperatorMeters(CompositeMeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
    }

    /**
     * Composes {@code callers} with a new Prometheus registry (when {@code withPrometheus}; without
     * one there is nothing to scrape) and binds the JVM and process meters.
     */
    public static OperatorMeters create(MeterRegistry callers, boolean withPrometheus) {
        Objects.requireNonNull(callers, "callers");
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(callers);
        PrometheusMeterRegistry prometheus = null;
        if (withPrometheus) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            composite.add(prometheus);
        }
        OperatorMeters meters = new OperatorMeters(composite, prometheus);
        meters.bind(new JvmMemoryMetrics());
        meters.bind(new JvmGcMetrics());
        meters.bind(new JvmThreadMetrics());
        meters.bind(new ClassLoaderMetrics());
        meters.bind(new ProcessorMetrics());
        meters.bind(new UptimeMetrics());
        meters.bind(new FileDescriptorMetrics());
        return meters;
    }

    private void bind(MeterBinder binder) {
        binder.bindTo(registry);
        if (binder instanceof AutoCloseable closeable) {
            closeableBinders.add(closeable);
        }
    }

    /** Where the gateway registers its meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Whether {@link #scrape()} has anything to scrape. */
    public boolean scrapable() {
        return prometheus != null;
    }

    /**
     * Every meter in the Prometheus text exposition format 0.0.4. Runs every gauge's function,
     * so call it off the event loops.
     *
     * @throws IllegalStateException when created without Prometheus
     */
    public String scrape() {
        if (prometheus == null) {
            throw new IllegalStateException("no Prometheus registry: the operator HTTP surface is disabled");
        }
        return prometheus.scrape();
    }

    /**
     * Unbinds what holds JVM resources (the GC notification listeners) and closes the Prometheus
     * registry; the caller's registry is left open. Idempotent.
     */
    @Override
    public void close() {
        for (AutoCloseable binder : closeableBinders) {
            try {
                binder.close();
            } catch (Exception e) {
                // a binder that cannot unregister its listeners holds nothing of ours
            }
        }
        closeableBinders.clear();
        if (prometheus != null && !prometheus.isClosed()) {
            registry.remove(prometheus);
            prometheus.close();
        }
    }
}
