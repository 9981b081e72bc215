package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.proto.Prediction;
import io.linegate.proto.Reading;
import io.linegate.proto.ReadingBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that readings POSTed over CoAP — SenML JSON, SenML CBOR and protobuf batches in turn —
 * reach their line's windows and come out upstream (HiveMQ CE embedded) as one honest prediction
 * per window, converging to the known relation.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CoapEndToEndIT {

    private static final int WINDOWS = 30;
    private static final String LINE = "L9";

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    private static double[] features(int window) {
        return new double[] {10 + (window * 7) % 13, window % 3, 50 + (window * 5) % 17};
    }

    private static double target(double[] x, int window) {
        return 2 + 1.5 * x[0] - 0.5 * x[1] + 0.25 * x[2] + 0.01 * ((window * 31) % 7 - 3);
    }

    @Test
    void readingsPostedOverCoapBecomePredictionsUpstream() throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        String yaml = TestBrokers.withSensorsKey(TestBrokers.gatewayYaml(broker.uri(), "coap-e2e", "json",
                storage, null), "coap: {bind: 127.0.0.1, port: 0}");
        CoapConfig.register();
        UdpConfig.register();
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(Configuration.createStandardWithoutFile())
                .build();
        try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml), Clock.systemUTC(), new SimpleMeterRegistry());
             UpstreamRecorder recorder = new UpstreamRecorder(broker.uri(), "linegate/coap-e2e")) {
            await("gateway ready").atMost(Duration.ofSeconds(30)).until(gateway::ready);
            assertThat(gateway.readiness().isReady()).isTrue();
            String uri = "coap://127.0.0.1:" + gateway.coapAddress().getPort() + "/lines/" + LINE;

            for (int w = 0; w < WINDOWS; w++) {
                long tsMs = EndToEndIT.T0 + w * 1000L + 500;
                double[] x = features(w);
                double y = target(x, w);
                CoapResponse response = switch (w % 3) {
                    case 0 -> post(endpoint, uri, senmlJson(tsMs, x, y), MediaTypeRegistry.APPLICATION_SENML_JSON);
                    case 1 -> post(endpoint, uri, senmlCbor(tsMs, x, y), MediaTypeRegistry.APPLICATION_SENML_CBOR);
                    default -> post(endpoint, uri, protobuf(tsMs, x, y), 65100);
                };
                assertThat(response).isNotNull();
                assertThat(response.getCode()).as(response.getResponseText()).isEqualTo(CoAP.ResponseCode.CHANGED);
                assertThat(response.getResponseText()).isEqualTo("accepted 4");
            }

            await("one prediction per window").atMost(Duration.ofSeconds(30))
                    .until(() -> recorder.predictions(LINE).size() >= WINDOWS);
            List<Prediction> predictions = recorder.predictionsBySeq(LINE);
            PredictionChecks.assertOnePerWindowGapFree(predictions, WINDOWS, 1000);
            assertThat(predictions.get(0).getWindowStartMs()).isEqualTo(EndToEndIT.T0);
            Prediction last = predictions.get(WINDOWS - 1);
            assertThat(last.hasPredicted()).isTrue();
            assertThat(last.getPredicted()).isCloseTo(last.getActual(), org.assertj.core.data.Offset.offset(0.2));
            assertThat(gateway.meters().get("linegate.readings.accepted").counter().count())
                    .isEqualTo(4.0 * WINDOWS);
        } finally {
            endpoint.destroy();
        }
        threads.assertNoNewThreads("linegate-", "MQTT", "CoapServer", "UDP-");
    }

    private static CoapResponse post(CoapEndpoint endpoint, String uri, byte[] body, int contentFormat)
            throws Exception {
        Request request = Request.newPost();
        request.setURI(uri);
        request.setPayload(body);
        request.getOptions().setContentFormat(contentFormat);
        CoapClient client = new CoapClient();
        client.setEndpoint(endpoint);
        client.setTimeout(10_000L);
        try {
            return client.advanced(request);
        } finally {
            client.shutdown();
        }
    }

    private static final String[] NAMES = {"feed", "state", "speed", "efficiency"};

    private static byte[] senmlJson(long tsMs, double[] x, double y) {
        StringBuilder pack = new StringBuilder("[");
        for (int i = 0; i < NAMES.length; i++) {
            double v = i < x.length ? x[i] : y;
            pack.append(i == 0 ? String.format(Locale.ROOT, "{\"bt\":%.3f,", tsMs / 1000.0) : ",{")
                    .append("\"n\":\"").append(NAMES[i]).append("\",\"v\":").append(v).append('}');
        }
        return pack.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] senmlCbor(long tsMs, double[] x, double y) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < NAMES.length; i++) {
                g.writeStartObject();
                if (i == 0) {
                    g.writeFieldId(-3);
                    g.writeNumber(tsMs / 1000.0);
                }
                g.writeFieldId(0);
                g.writeString(NAMES[i]);
                g.writeFieldId(2);
                g.writeNumber(i < x.length ? x[i] : y);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    private static byte[] protobuf(long tsMs, double[] x, double y) {
        ReadingBatch.Builder batch = ReadingBatch.newBuilder().setLineId(LINE);
        for (int i = 0; i < NAMES.length; i++) {
            batch.addReadings(Reading.newBuilder().setSensorId(NAMES[i]).setValue(i < x.length ? x[i] : y).setTsMs(tsMs));
        }
        return batch.build().toByteArray();
    }
}
