package io.linegate.gateway.ingest.coap;

import io.linegate.gateway.config.ObserveTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observe client: one client endpoint (any local address, an ephemeral port) shared by every
 * {@link ObservedResource}, and the {@code linegate-coap-observe} thread that registers them and
 * checks them every {@link ObserveTiming#check()}. Nothing runs when no resource is configured.
 *
 * <p>Started and closed by {@link CoapIngest} on the owning thread.
 */
final class CoapObservers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoapObservers.class);

    private final List<ObserveTarget> targets;
    private final ReadingRequests requests;
    private final CoapMeters meters;
    private final Configuration settings;
    private final ObserveTiming timing;
    private final List<ObservedResource> resources = new ArrayList<>();
    private final List<CoapClient> clients = new ArrayList<>();
    private CoapEndpoint endpoint;
    private ScheduledExecutorService scheduler;

    CoapObservers(List<ObserveTarget> targets, ReadingRequests requests, CoapMeters meters, Configuration settings,
                  ObserveTiming timing) {
        this.targets = List.copyOf(targets);
        this.requests = requests;
        this.meters = meters;
        this.settings = settings;
        this.timing = timing;
    }

    void start() throws IOException {
        if (targets.isEmpty()) {
            return;
        }
        endpoint = new CoapEndpoint.Builder().setConfiguration(settings)
                .setInetSocketAddress(new InetSocketAddress(0)).build();
        endpoint.addPostProcessInterceptor(meters.interceptor());
        endpoint.start();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "linegate-coap-observe");
            t.setDaemon(true);
            return t;
        });
        for (ObserveTarget target : targets) {
            CoapClient client = new CoapClient(target.uri());
            client.setEndpoint(endpoint);
            clients.add(client);
            ObservedResource resource = new ObservedResource(target, client, requests, meters, timing);
            resources.add(resource);
            scheduler.execute(() -> safely(resource::register));
        }
        long every = timing.check().toMillis();
        scheduler.scheduleWithFixedDelay(() -> resources.forEach(r -> safely(r::check)), every, every,
                TimeUnit.MILLISECONDS);
        log.info("Observing CoAP resources count={} targets={}", targets.size(), targets);
    }

    /** Resources whose last notification is fresh. */
    int healthy() {
        int n = 0;
        for (ObservedResource r : resources) {
            if (r.fresh()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        resources.forEach(ObservedResource::close);
        clients.forEach(CoapClient::shutdown);
        if (endpoint != null) {
            endpoint.destroy();
        }
    }

    private void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // e.g. an unresolvable host: tried again at the next check.
            meters.counter("linegate.coap.observe.failures", "Observe registrations refused, failed or timed out")
                    .increment();
            log.warn("Observe registration failed reason={}", e.toString());
        }
    }
}
