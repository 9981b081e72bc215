package io.linegate.gateway.ingest.coap;

import io.linegate.gateway.config.CoapSourceConfig;
import io.linegate.gateway.decode.ReadingDecoder;
import io.linegate.gateway.pipeline.LineWorkers;
import io.linegate.gateway.pipeline.Rejections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readings in over CoAP (DESIGN §3.2): the Californium server with its plain and DTLS endpoints,
 * and the observed sensor resources. Every request to a route ends as exactly one outcome —
 * handed to a line worker, a duplicate, or a counted rejection — and is answered accordingly.
 *
 * <p>Started and closed by the application wiring (its owning thread); the endpoints are bound
 * when {@link #start} returns, or it throws. Requests are handled on Californium's threads.
 */
public final class CoapIngest implements AutoCloseable {

    /** The {@code source} tag of CoAP meters and dead letters. */
    public static final String SOURCE = "coap";

    private static final Logger log = LoggerFactory.getLogger(CoapIngest.class);

    private final CoapServer server;
    private final CoapEndpoint plain;
    private final CoapEndpoint dtls;
    private final CoapObservers observers;
    private volatile boolean running;

    private CoapIngest(CoapServer server, CoapEndpoint plain, CoapEndpoint dtls, CoapObservers observers) {
        this.server = server;
        this.plain = plain;
        this.dtls = dtls;
        this.observers = observers;
    }

    /**
     * Binds the configured endpoints and starts observing. A port that cannot be bound, or an
     * unreadable PSK file, fails here (the message names the file and line, never a key).
     */
    public static CoapIngest start(CoapSourceConfig config, ReadingDecoder decoder, LineWorkers workers,
                                   Rejections rejections, Clock clock, MeterRegistry registry) {
        return start(config, decoder, workers, rejections, clock, registry, ObserveTiming.defaults());
    }

    /** {@link #start}, with the observe client's timing (tests shorten it). */
    public static CoapIngest start(CoapSourceConfig config, ReadingDecoder decoder, LineWorkers workers,
                                   Rejections rejections, Clock clock, MeterRegistry registry, ObserveTiming timing) {
        CoapMeters meters = new CoapMeters(registry);
        int maxBody = Math.min(config.maxBodyBytes(), decoder.limits().maxPayloadBytes());
        ReadingRequests requests = new ReadingRequests(decoder, workers, rejections, clock, maxBody);
        Configuration settings = CaliforniumSettings.create(maxBody);
        CoapServer server = null;
        CoapEndpoint plain = null;
        CoapEndpoint dtls = null;
        CoapObservers observers = null;
        try {
            if (config.serves()) {
                server = new CoapServer(settings);
                server.add(new LinesResource(requests, meters));
                if (config.enabled()) {
                    plain = new CoapEndpoint.Builder().setConfiguration(settings)
                            .setInetSocketAddress(new InetSocketAddress(config.bind(), config.port())).build();
                    plain.addPostProcessInterceptor(meters.interceptor());
                    server.addEndpoint(plain);
                }
                if (config.dtls().enabled()) {
                    dtls = DtlsEndpoint.create(config.dtls(), settings);
                    dtls.addPostProcessInterceptor(meters.interceptor());
                    server.addEndpoint(dtls);
                }
                server.start();
                checkBound(plain, "sensors.coap", config.bind(), config.port());
                checkBound(dtls, "sensors.coap.dtls", config.dtls().bind(), config.dtls().port());
            }
            observers = new CoapObservers(config.observe(), requests, meters, settings, timing);
            observers.start();
        } catch (IOException e) {
            stop(server, observers);
            throw new UncheckedIOException("cannot start CoAP: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stop(server, observers);
            throw e;
        }
        CoapIngest ingest = new CoapIngest(server, plain, dtls, observers);
        ingest.running = true;
        Gauge.builder("linegate.coap.bound", ingest, i -> i.bound() ? 1 : 0)
                .description("1 while every configured CoAP endpoint is bound").register(registry);
        log.info("CoAP started coap={} coaps={} observing={} maxBodyBytes={}", ingest.plainAddress(),
                ingest.dtlsAddress(), config.observe().size(), maxBody);
        return ingest;
    }

    /** The plain endpoint's bound address (the real port when configured 0), or null when off. */
    public InetSocketAddress plainAddress() {
        return plain == null ? null : plain.getAddress();
    }

    /** The CoAPs endpoint's bound address, or null when off. */
    public InetSocketAddress dtlsAddress() {
        return dtls == null ? null : dtls.getAddress();
    }

    /** Whether every configured endpoint is up (for {@code /readyz}). */
    public boolean bound() {
        return running && (plain == null || plain.isStarted()) && (dtls == null || dtls.isStarted());
    }

    /** Observed resources whose last notification is fresh (for tests and the operator). */
    public int observing() {
        return observers.healthy();
    }

    @Override
    public void close() {
        running = false;
        stop(server, observers);
    }

    private static void checkBound(Endpoint endpoint, String key, String bind, int port) throws IOException {
        if (endpoint != null && !endpoint.isStarted()) {
            throw new IOException(key + ": cannot bind udp " + bind + ":" + port);
        }
    }

    private static void stop(CoapServer server, CoapObservers observers) {
        if (observers != null) {
            observers.close();
        }
        if (server != null) {
            server.destroy();
        }
    }
}
