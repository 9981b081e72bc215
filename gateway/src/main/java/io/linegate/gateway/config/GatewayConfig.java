package io.linegate.gateway.config;

import io.linegate.gateway.outbox.OutboxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The whole, validated configuration of one gateway. Built once at start by
 * {@link ConfigLoader} and passed down as typed records; nothing reads config by string key
 * after that.
 *
 * @param gatewayId      this gateway's id (part of upstream topics and every prediction)
 * @param sensors        MQTT source of readings
 * @param coap           CoAP source of readings ({@code sensors.coap}); {@link CoapSourceConfig#disabled()} when absent
 * @param lines          per-line settings
 * @param upstream       where predictions go
 * @param storageDir     directory for local state ({@code storage.dir})
 * @param outbox         the durable outbox under {@code storage.dir/outbox} ({@code storage.outbox})
 * @param checkpointInterval how often changed line models are checkpointed ({@code storage.checkpointInterval})
 * @param limits         resource bounds
 * @param embeddedBroker the in-process broker used where a broker is {@code embedded}
 * @param http           the operator HTTP surface (health, metrics, API, dashboard)
 * @param logging        log levels ({@code logging})
 */
public record GatewayConfig(
        String gatewayId,
        MqttSourceConfig sensors,
        CoapSourceConfig coap,
        LinesConfig lines,
        UpstreamConfig upstream,
        Path storageDir,
        OutboxConfig outbox,
        Duration checkpointInterval,
        LimitsConfig limits,
        EmbeddedBrokerConfig embeddedBroker,
        HttpConfig http,
        LoggingConfig logging) {

    /** Broker value meaning "the in-process broker". */
    public static final String EMBEDDED = "embedded";

    public GatewayConfig {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(sensors, "sensors");
        Objects.requireNonNull(coap, "coap");
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(storageDir, "storageDir");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(embeddedBroker, "embeddedBroker");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(logging, "logging");
    }

    /** Whether either side uses the in-process broker. */
    public boolean needsEmbeddedBroker() {
        return sensors.embedded() || upstream.embedded();
    }
}
