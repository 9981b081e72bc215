package io.linegate.gateway.ingest.coap;

import io.linegate.gateway.config.ObserveTarget;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One observed sensor resource (RFC 7641): registers, decodes every notification as a per-sensor
 * body of its {@code (line, sensor)}, and registers again when the relation goes quiet — no
 * notification within the last one's Max-Age plus a grace period (a restarted sensor has forgotten
 * its observers), or a failed registration after a back-off.
 *
 * <p>{@link #register} and {@link #check} run on the observe scheduler thread; the handler runs on
 * Californium's threads, only decodes and hands off, and ignores callbacks of replaced relations.
 */
final class ObservedResource {

    private static final Logger log = LoggerFactory.getLogger(ObservedResource.class);

    private final ObserveTarget target;
    private final CoapRoute route;
    private final String path;
    private final CoapClient client;
    private final ReadingRequests requests;
    private final CoapMeters meters;
    private final ObserveTiming timing;
    private final AtomicLong generation = new AtomicLong();
    private volatile long deadlineNanos;
    private volatile boolean fresh;
    private volatile boolean closed;
    private CoapObserveRelation relation;

    ObservedResource(ObserveTarget target, CoapClient client, ReadingRequests requests, CoapMeters meters,
                     ObserveTiming timing) {
        this.target = target;
        this.route = new CoapRoute(target.lineId(), target.sensorId());
        this.path = target.uri().toString();
        this.client = client;
        this.requests = requests;
        this.meters = meters;
        this.timing = timing;
    }

    /** Whether the last answer was a notification whose Max-Age (plus grace) has not run out. */
    boolean fresh() {
        return fresh && System.nanoTime() - deadlineNanos < 0;
    }

    /** (Re-)registers: drops the current relation locally and asks the sensor anew. */
    synchronized void register() {
        if (closed) {
            return;
        }
        dropRelation();
        long current = generation.incrementAndGet();
        deadlineNanos = System.nanoTime() + timing.backoff().toNanos();
        Request request = Request.newGet();
        request.setURI(target.uri());
        request.setObserve();
        relation = client.observe(request, new Handler(current));
        meters.counter("linegate.coap.observe.registrations", "Observe registrations sent (first and again)")
                .increment();
        log.debug("Observe registering uri={} line={} sensor={}", path, target.lineId(), target.sensorId());
    }

    /** Registers again when the relation has been quiet past its deadline. */
    void check() {
        if (!closed && System.nanoTime() - deadlineNanos > 0) {
            fresh = false;
            log.debug("Observe relation quiet; registering again uri={}", path);
            register();
        }
    }

    synchronized void close() {
        closed = true;
        dropRelation();
    }

    private void dropRelation() {
        if (relation != null) {
            relation.reactiveCancel();
            relation = null;
        }
    }

    private void onNotification(CoapResponse response) {
        if (!response.isSuccess()) {
            meters.counter("linegate.coap.observe.failures", "Observe registrations refused, failed or timed out")
                    .increment();
            fresh = false;
            deadlineNanos = System.nanoTime() + timing.backoff().toNanos();
            log.debug("Observe refused uri={} code={}", path, response.getCode());
            return;
        }
        long maxAgeSeconds = response.getOptions().getMaxAge();
        deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxAgeSeconds) + timing.grace().toNanos();
        fresh = response.getOptions().hasObserve();
        meters.counter("linegate.coap.observe.notifications", "Notifications (and answers) of observed resources")
                .increment();
        meters.messages.increment();
        requests.handle(route, response.getOptions().getContentFormat(), response.getPayload(), path);
    }

    /** Callbacks of one registration; those of a replaced one are ignored. */
    private final class Handler implements CoapHandler {
        private final long registration;

        Handler(long registration) {
            this.registration = registration;
        }

        @Override
        public void onLoad(CoapResponse response) {
            if (registration != generation.get()) {
                return;
            }
            try {
                onNotification(response);
            } catch (RuntimeException e) {
                meters.errors.increment();
                log.error("Observe notification handling failed uri={}", path, e);
            }
        }

        @Override
        public void onError() {
            if (registration != generation.get()) {
                return;
            }
            meters.counter("linegate.coap.observe.failures", "Observe registrations refused, failed or timed out")
                    .increment();
            fresh = false;
            deadlineNanos = System.nanoTime() + timing.backoff().toNanos();
            log.debug("Observe failed uri={}; trying again in {}", path, timing.backoff());
        }
    }
}
