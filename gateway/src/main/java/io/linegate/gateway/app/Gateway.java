package io.linegate.gateway.app;

import io.linegate.gateway.config.GatewayConfig;
import io.linegate.gateway.config.HttpToken;
import io.linegate.gateway.decode.ReadingDecoder;
import io.linegate.gateway.forward.UpstreamPublisher;
import io.linegate.gateway.http.OperatorApi;
import io.linegate.gateway.http.OperatorHttpServer;
import io.linegate.gateway.http.OperatorMeters;
import io.linegate.gateway.http.Readiness;
import io.linegate.gateway.ingest.coap.CoapIngest;
import io.linegate.gateway.ingest.mqtt.MqttIngest;
import io.linegate.gateway.observe.DeadLetterLog;
import io.linegate.gateway.observe.GatewayStats;
import io.linegate.gateway.observe.LineBoard;
import io.linegate.gateway.outbox.Outbox;
import io.linegate.gateway.pipeline.LineModels;
import io.linegate.gateway.pipeline.LineWorkers;
import io.linegate.gateway.pipeline.Rejections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: the one place that wires the stages (DESIGN §1). Start order is
 * embedded broker (when configured), outbox, upstream publisher, line workers, ingest (MQTT, then
 * CoAP when configured), then the
 * operator HTTP server, so nothing is received before there is somewhere to put it and nothing
 * is reported before there is something to report on; close runs in reverse.
 *
 * <p>Meters are registered in an {@link OperatorMeters} registry: the caller's registry composed
 * with the Prometheus one that {@code /metrics} scrapes (when HTTP is enabled).
 *
 * <p>Created and closed by the thread that owns the process (CLI main, demo, or a test).
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final EmbeddedBroker broker;
    private final Outbox outbox;
    private final UpstreamPublisher upstream;
    private final Rejections rejections;
    private final LineWorkers workers;
    /** Null when {@code sensors.mqtt.enabled} is false. */
    private final MqttIngest ingest;
    /** Null when {@code sensors.coap} configures nothing. */
    private final CoapIngest coap;
    private final OperatorMeters meters;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Set once by {@link #start} before the gateway is returned; null when {@code http.enabled} is false. */
    private OperatorHttpServer http;

    private Gateway(GatewayConfig config, EmbeddedBroker broker, Outbox outbox, UpstreamPublisher upstream,
                    Rejections rejections, LineWorkers workers, MqttIngest ingest, CoapIngest coap,
                    OperatorMeters meters) {
        this.config = config;
        this.broker = broker;
        this.outbox = outbox;
        this.upstream = upstream;
        this.rejections = rejections;
        this.workers = workers;
        this.ingest = ingest;
        this.coap = coap;
        this.meters = meters;
    }

    /**
     * Starts a gateway. Connections are made in the background (an unreachable broker is
     * retried, not fatal); {@link #ready()} says when readings can flow.
     */
    public static Gateway start(GatewayConfig config, Clock clock, MeterRegistry callersMeters) {
        try {
            Files.createDirectories(config.storageDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage.dir " + config.storageDir(), e);
        }
        LogLevels.apply(config.logging());
        // Before anything starts: a listener beyond loopback without a token is a config error.
        Optional<HttpToken> token = config.http().enabled()
                ? HttpToken.resolve(config.http(), System::getenv) : Optional.empty();
        OperatorMeters operatorMeters = OperatorMeters.create(callersMeters, config.http().enabled());
        MeterRegistry meters = operatorMeters.registry();
        EmbeddedBroker broker;
        try {
            broker = config.needsEmbeddedBroker()
                    ? EmbeddedBroker.start(config.embeddedBroker(), config.storageDir().resolve("broker"))
                    : null;
        } catch (RuntimeException e) {
            operatorMeters.close();
            throw e;
        }
        UpstreamPublisher upstream = null;
        LineWorkers workers = null;
        Outbox outbox = null;
        MqttIngest ingest = null;
        Gateway gateway;
        try {
            outbox = Outbox.open(config.outbox(), clock, meters);
            String upstreamUri = config.upstream().embedded() ? broker.uri() : config.upstream().broker();
            String sensorsUri = config.sensors().embedded() ? broker.uri() : config.sensors().broker();
            upstream = new UpstreamPublisher(config.upstream(), upstreamUri, outbox, meters);
            upstream.start();
            Rejections rejections = new Rejections(config.gatewayId(), meters, upstream,
                    config.limits().deadLettersPerSecond(), clock, new DeadLetterLog(DeadLetterLog.DEFAULT_CAPACITY));
            workers = new LineWorkers(config.gatewayId(), config.lines(), LineModels.BY_KIND, config.storageDir().resolve("lines"),
                    config.checkpointInterval(), upstream, rejections,
                    config.limits().workers(), config.limits().queueCapacity(), config.limits().maxLines(),
                    config.limits().maxFutureSkew(), clock, meters, new LineBoard());
            workers.start();
            ReadingDecoder decoder = new ReadingDecoder(config.limits().decode());
            if (config.sensors().enabled()) {
                ingest = new MqttIngest(config.sensors(), sensorsUri, decoder, workers, rejections, clock, meters);
                ingest.start();
            }
            CoapIngest coap = config.coap().active()
                    ? CoapIngest.start(config.coap(), decoder, workers, rejections, clock, meters)
                    : null;
            log.info("Gateway started id={} sensors={} upstream={} prefix={} format={}", config.gatewayId(), sensorsUri,
                    upstreamUri, config.upstream().topicPrefix(), config.upstream().format().id());
            gateway = new Gateway(config, broker, outbox, upstream, rejections, workers, ingest, coap, operatorMeters);
        } catch (RuntimeException e) {
            if (ingest != null) {
                ingest.close();
            }
            if (workers != null) {
                workers.close(0);
            }
            if (upstream != null) {
                upstream.close(0);
            }
            if (outbox != null) {
                outbox.close();
            }
            if (broker != null) {
                broker.close();
            }
            operatorMeters.close();
            throw e;
        }
        if (config.http().enabled()) {
            try {
                OperatorApi api = OperatorApi.of(gateway.workers.board(), gateway.workers,
                        gateway.rejections.deadLetters(), () -> gateway.stats(clock)).withToken(token);
                gateway.http = OperatorHttpServer.start(config.http(), gateway::readiness, operatorMeters::scrape,
                        meters, api);
            } catch (RuntimeException e) {
                gateway.close();
                throw e;
            }
        }
        return gateway;
    }

    /**
     * Subscribed to the sensors and connected upstream: readings flow in and predictions flow out.
     * Stricter than {@link #readiness()}, which does not need upstream; tests wait for this one.
     */
    public boolean ready() {
        return (ingest == null || ingest.subscribed()) && (coap == null || coap.bound()) && upstream.isConnected();
    }

    /**
     * What {@code /readyz} reports: ready while subscribed to the sensors, every configured CoAP
     * endpoint is bound, and the outbox takes records. Upstream being away is not a readiness problem: the outbox holds what the lines
     * make until it is back (DESIGN §4), so the gateway is still doing its job. Lock-free and
     * quick; any thread (the HTTP event loops call it).
     */
    public Readiness readiness() {
        List<String> problems = new ArrayList<>(3);
        if (closing.get()) {
            problems.add("gateway: stopping");
        }
        if (ingest != null && !ingest.subscribed()) {
            problems.add("sensors: not subscribed");
        }
        if (coap != null && config.coap().serves() && !coap.bound()) {
            problems.add("coap: not bound");
        }
        outbox.unwritable().ifPresent(why -> problems.add("outbox: " + why));
        return new Readiness(problems);
    }

    /** Gateway-wide counts for the dashboard; lock-free and quick (an HTTP event loop calls it). */
    GatewayStats stats(Clock clock) {
        MeterRegistry m = meters.registry();
        return new GatewayStats(clock.millis(), (long) m.find("linegate.readings.accepted").counters().stream()
                .mapToDouble(Counter::count).sum(), (long) m.find("linegate.predictions").counters().stream()
                .mapToDouble(Counter::count).sum(), rejections.countsByReason(), ingest.subscribed(),
                upstream.isConnected(), outbox.pending(), outbox.pendingBytes(), workers.lineCount(), workers.queued());
    }

    /** The operator HTTP server's bound address, or null when {@code http.enabled} is false. */
    public InetSocketAddress httpAddress() {
        return http == null ? null : http.address();
    }

    /** The operator HTTP server's bound port (the real one when {@code http.port} is 0), or -1 when disabled. */
    public int httpPort() {
        return http == null ? -1 : http.address().getPort();
    }

    /** {@code http://host:port} of the operator HTTP server, or null when disabled. */
    public String httpUrl() {
        return http == null ? null : http.url();
    }

    /** The plain CoAP endpoint's bound address, or null when it is off. */
    public InetSocketAddress coapAddress() {
        return coap == null ? null : coap.plainAddress();
    }

    /** The CoAPs (DTLS) endpoint's bound address, or null when it is off. */
    public InetSocketAddress coapsAddress() {
        return coap == null ? null : coap.dtlsAddress();
    }

    public GatewayConfig config() {
        return config;
    }

    /** Where the gateway's meters are: the caller's registry composed with the Prometheus one. */
    public MeterRegistry meters() {
        return meters.registry();
    }

    public Rejections rejections() {
        return rejections;
    }

    /** The embedded broker's URI, or null when none runs. */
    public String embeddedBrokerUri() {
        return broker == null ? null : broker.uri();
    }

    /** Lines the gateway keeps state for. */
    public int lines() {
        return workers.lineCount();
    }

    /** Stops everything {@link #start} started, in reverse order. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (http != null) {
            http.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (coap != null) {
            coap.close();
        }
        workers.close(5_000);
        upstream.close(5_000);
        outbox.close();
        if (broker != null) {
            broker.close();
        }
        meters.close();
        log.info("Gateway stopped id={}", config.gatewayId());
    }
}
