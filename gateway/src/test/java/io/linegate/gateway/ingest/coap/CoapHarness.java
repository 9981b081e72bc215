package io.linegate.gateway.ingest.coap;

import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.gateway.decode.ReadingDecoder;
import io.linegate.gateway.decode.RejectReason;
import io.linegate.gateway.forward.UpstreamSink;
import io.linegate.gateway.pipeline.LineModels;
import io.linegate.gateway.pipeline.LineWorkers;
import io.linegate.gateway.pipeline.Rejections;
import io.linegate.proto.Alert;
import io.linegate.proto.DeadLetter;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.exception.ConnectorException;

/**
 * A real {@link CoapIngest} on a free loopback port in front of real line workers, with a
 * Californium client to talk to it. Lines have features {@code feed, state} and target
 * {@code efficiency}.
 */
final class CoapHarness implements AutoCloseable {

    static final String LINES = """
            lines:
              defaults: {features: [feed, state], target: efficiency, window: 1s, lateness: 0s, idleTimeout: 1s}
            """;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RecordingSink upstream = new RecordingSink();
    final Rejections rejections;
    final LineWorkers workers;
    final CoapIngest ingest;
    private final CoapEndpoint clientEndpoint;

    /**
     * @param coapYaml     the {@code sensors.coap} mapping's body, indented 4 spaces
     * @param startWorkers false leaves the workers idle: their queues fill up (5.03 tests)
     */
    CoapHarness(Path state, String coapYaml, String limitsYaml, boolean startWorkers, int queueCapacity,
                ObserveTiming timing) {
        GatewayConfig config = ConfigLoader.parse("sensors:\n  coap:\n" + coapYaml + "\n" + LINES
                + (limitsYaml == null ? "" : "limits:\n" + limitsYaml + "\n"));
        rejections = new Rejections("gw", meters, upstream, 1000, Clock.systemUTC());
        workers = new LineWorkers("gw", config.lines(), LineModels.BY_KIND, state, Duration.ofHours(1), upstream,
                rejections, 1, queueCapacity, 100, Duration.ofMinutes(5), Clock.systemUTC(), meters);
        if (startWorkers) {
            workers.start();
        }
        ingest = CoapIngest.start(config.coap(), new ReadingDecoder(config.limits().decode()), workers, rejections,
                Clock.systemUTC(), meters, timing);
        clientEndpoint = new CoapEndpoint.Builder().setConfiguration(CaliforniumSettings.create(4 << 20)).build();
        try {
            clientEndpoint.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CoapHarness plain(Path state, String extraCoapYaml) {
        return new CoapHarness(state, "    bind: 127.0.0.1\n    port: 0\n" + (extraCoapYaml == null ? "" : extraCoapYaml),
                null, true, 10_000, ObserveTiming.defaults());
    }

    int port() {
        return ingest.plainAddress().getPort();
    }

    int dtlsPort() {
        return ingest.dtlsAddress().getPort();
    }

    String uri(String path) {
        return "coap://127.0.0.1:" + port() + path;
    }

    CoapResponse post(String path, String body, int contentFormat) {
        return send(CoAP.Code.POST, path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentFormat);
    }

    /** Sends one request; {@code contentFormat} {@link MediaTypeRegistry#UNDEFINED} sends no Content-Format. */
    CoapResponse send(CoAP.Code method, String path, byte[] body, int contentFormat) {
        Request request = new Request(method);
        request.setURI(uri(path));
        if (body != null) {
            request.setPayload(body);
        }
        if (contentFormat != MediaTypeRegistry.UNDEFINED) {
            request.getOptions().setContentFormat(contentFormat);
        }
        CoapClient client = new CoapClient();
        client.setEndpoint(clientEndpoint);
        client.setTimeout(10_000L);
        try {
            return client.advanced(request);
        } catch (ConnectorException | IOException e) {
            throw new IllegalStateException(e);
        } finally {
            client.shutdown();
        }
    }

    double count(String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    long rejected(RejectReason reason) {
        return rejections.count(CoapIngest.SOURCE, reason);
    }

    double accepted() {
        return count("linegate.readings.accepted");
    }

    @Override
    public void close() {
        clientEndpoint.destroy();
        ingest.close();
        workers.close(1_000);
    }

    /** Keeps what the workers and rejections hand upstream. */
    static final class RecordingSink implements UpstreamSink {
        final List<Prediction> predictions = new CopyOnWriteArrayList<>();
        final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

        @Override
        public void publishPrediction(Prediction prediction) {
            predictions.add(prediction);
        }

        @Override
        public void publishModel(ModelSummary summary) {
        }

        @Override
        public void publishDeadLetter(DeadLetter deadLetter) {
            deadLetters.add(deadLetter);
        }

        @Override
        public void publishAlert(Alert alert) {
        }
    }
}
