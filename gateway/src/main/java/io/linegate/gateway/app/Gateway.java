package io.linegate.gateway.app;

import io.linegate.gateway.config.GatewayConfig;
import io.linegate.gateway.decode.ReadingDecoder;
import io.linegate.gateway.forward.UpstreamPublisher;
import io.linegate.gateway.ingest.mqtt.MqttIngest;
import io.linegate.gateway.outbox.Outbox;
import io.linegate.gateway.pipeline.LineModels;
import io.linegate.gateway.pipeline.LineWorkers;
import io.linegate.gateway.pipeline.Rejections;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: the one place that wires the stages (DESIGN §1). Start order is
 * embedded broker (when configured), outbox, upstream publisher, line workers, then ingest, so
 * nothing is received before there is somewhere to put it; close runs in reverse.
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
    private final MqttIngest ingest;
    private final MeterRegistry meters;

    private Gateway(GatewayConfig config, EmbeddedBroker broker, Outbox outbox, UpstreamPublisher upstream,
                    Rejections rejections, LineWorkers workers, MqttIngest ingest, MeterRegistry meters) {
        this.config = config;
        this.broker = broker;
        this.outbox = outbox;
        this.upstream = upstream;
        this.rejections = rejections;
        this.workers = workers;
        this.ingest = ingest;
        this.meters = meters;
    }

    /**
     * Starts a gateway. Connections are made in the background (an unreachable broker is
     * retried, not fatal); {@link #ready()} says when readings can flow.
     */
    public static Gateway start(GatewayConfig config, Clock clock, MeterRegistry meters) {
        try {
            Files.createDirectories(config.storageDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage.dir " + config.storageDir(), e);
        }
        EmbeddedBroker broker = config.needsEmbeddedBroker()
                ? EmbeddedBroker.start(config.embeddedBroker(), config.storageDir().resolve("broker"))
                : null;
        UpstreamPublisher upstream = null;
        LineWorkers workers = null;
        Outbox outbox = null;
        try {
            outbox = Outbox.open(config.outbox(), clock, meters);
            String upstreamUri = config.upstream().embedded() ? broker.uri() : config.upstream().broker();
            String sensorsUri = config.sensors().embedded() ? broker.uri() : config.sensors().broker();
            upstream = new UpstreamPublisher(config.upstream(), upstreamUri, outbox, meters);
            upstream.start();
            Rejections rejections = new Rejections(config.gatewayId(), meters, upstream,
                    config.limits().deadLettersPerSecond(), clock);
            workers = new LineWorkers(config.gatewayId(), config.lines(), LineModels.BY_KIND, config.storageDir().resolve("lines"),
                    config.checkpointInterval(), upstream, rejections,
                    config.limits().workers(), config.limits().queueCapacity(), config.limits().maxLines(),
                    config.limits().maxFutureSkew(), clock, meters);
            workers.start();
            MqttIngest ingest = new MqttIngest(config.sensors(), sensorsUri, new ReadingDecoder(config.limits().decode()),
                    workers, rejections, clock, meters);
            ingest.start();
            log.info("Gateway started id={} sensors={} upstream={} prefix={} format={}", config.gatewayId(), sensorsUri,
                    upstreamUri, config.upstream().topicPrefix(), config.upstream().format().id());
            return new Gateway(config, broker, outbox, upstream, rejections, workers, ingest, meters);
        } catch (RuntimeException e) {
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
            throw e;
        }
    }

    /** Subscribed to the sensors and connected upstream. */
    public boolean ready() {
        return ingest.subscribed() && upstream.isConnected();
    }

    public GatewayConfig config() {
        return config;
    }

    public MeterRegistry meters() {
        return meters;
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

    @Override
    public void close() {
        ingest.close();
        workers.close(5_000);
        upstream.close(5_000);
        outbox.close();
        if (broker != null) {
            broker.close();
        }
        log.info("Gateway stopped id={}", config.gatewayId());
    }
}
