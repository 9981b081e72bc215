package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.proto.Coefficient;
import io.linegate.proto.ModelSummary;
import io.linegate.sim.CoapTarget;
import io.linegate.sim.Fleet;
import io.linegate.sim.FleetConfig;
import io.linegate.sim.PayloadFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same simulated fleet (same seed, same readings) sent once over MQTT and once over CoAP
 * into one gateway teaches it the same models: the MQTT copy's lines are {@code M1, M2}, the
 * CoAP copy's {@code C1, C2} (a line's readings depend on its index, not its name), and every
 * line's final model summary has the same observations and coefficients as its twin.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FleetOverCoapIT {

    private static final int LINES = 2;
    private static final int RATE = 10;
    private static final int WINDOWS = 40;

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = PayloadFormat.class, names = {"JSON", "PROTOBUF"})
    void aFleetOverCoapTeachesTheSameModelsAsOverMqtt(PayloadFormat format) throws Exception {
        String id = "twin-" + format.name().toLowerCase();
        String yaml = TestBrokers.withSensorsKey(TestBrokers.gatewayYaml(broker.uri(), id, "protobuf", storage, null),
                "coap: {bind: 127.0.0.1, port: 0}");
        try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml), Clock.systemUTC(), new SimpleMeterRegistry());
             UpstreamRecorder recorder = new UpstreamRecorder(broker.uri(), "linegate/" + id)) {
            await("gateway ready").atMost(Duration.ofSeconds(30)).until(gateway::ready);
            URI coap = URI.create("coap://127.0.0.1:" + gateway.coapAddress().getPort());
            // One request at a time, so that readings arrive in order as they do over one MQTT connection
            // (the test configuration has no lateness).
            CoapTarget oneByOne = new CoapTarget(coap, 1, true, 1, CoapTarget.DEFAULT_MAX_RETRIES,
                    CoapTarget.DEFAULT_REQUEST_TIMEOUT, null, null);
            run(fleet(format, "M").brokerUri(broker.uri()).clientId(id + "-fleet").qos(1).build());
            run(fleet(format, "C").coap(oneByOne).build());

            for (int line = 1; line <= LINES; line++) {
                String mqttLine = "M" + line;
                String coapLine = "C" + line;
                await("both copies learned every window").atMost(Duration.ofSeconds(30)).until(() ->
                        learned(recorder.model(mqttLine)) == WINDOWS && learned(recorder.model(coapLine)) == WINDOWS);
                ModelSummary overMqtt = recorder.model(mqttLine);
                ModelSummary overCoap = recorder.model(coapLine);
                assertThat(overCoap.getCoefficientsList()).extracting(Coefficient::getName)
                        .containsExactlyElementsOf(overMqtt.getCoefficientsList().stream().map(Coefficient::getName).toList());
                for (int j = 0; j < overMqtt.getCoefficientsCount(); j++) {
                    double expected = overMqtt.getCoefficients(j).getEstimate();
                    assertThat(overCoap.getCoefficients(j).getEstimate())
                            .as("%s of line %s over CoAP vs MQTT", overMqtt.getCoefficients(j).getName(), line)
                            .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
                }
                assertThat(overCoap.getRSquared()).isCloseTo(overMqtt.getRSquared(), within(1e-9));
            }
            assertThat(gateway.meters().find("linegate.ingest.messages").tag("source", "coap").counter().count())
                    .isPositive();
        }
    }

    private static long learned(ModelSummary summary) {
        return summary == null ? -1 : summary.getObservations();
    }

    private static FleetConfig.Builder fleet(PayloadFormat format, String linePrefix) {
        return FleetConfig.builder().lines(LINES).linePrefix(linePrefix).ratePerSecond(RATE).seed(11).format(format)
                .accelerated(EndToEndIT.T0).maxTicks((long) RATE * WINDOWS);
    }

    private static void run(FleetConfig config) throws Exception {
        try (Fleet fleet = Fleet.start(config)) {
            fleet.completion().get(60, TimeUnit.SECONDS);
        }
    }
}
