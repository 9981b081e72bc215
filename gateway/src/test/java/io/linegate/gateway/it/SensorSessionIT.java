package io.linegate.gateway.it;

import static io.linegate.gateway.it.Meters.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.proto.Prediction;
import io.linegate.sim.Fleet;
import io.linegate.sim.FleetConfig;
import io.linegate.sim.GroundTruth;
import io.linegate.sim.PayloadFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code cleanStart: false} and a session expiry, the sensor broker keeps the gateway's
 * subscription while the gateway is down and queues QoS 1 readings for it; the restarted gateway
 * receives every one of them and makes every window's prediction.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SensorSessionIT {

    private static final int LINES = 3;
    private static final int WINDOWS = 50;

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    @Test
    void readingsQueuedByTheBrokerWhileTheGatewayWasDownAreNotLost() throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        String id = "session";
        GatewayConfig config = ConfigLoader.parse(TestBrokers.withSensors(
                TestBrokers.gatewayYaml(broker.uri(), id, "protobuf", storage, null),
                "cleanStart: false\nsessionExpiry: 10m"));
        try (Gateway first = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry())) {
            await("subscribed").atMost(Duration.ofSeconds(30)).until(first::ready);
        }

        FleetConfig fleetConfig = FleetConfig.builder().brokerUri(broker.uri()).clientId(id + "-fleet")
                .topicPrefix("sensors").lines(LINES).linePrefix("session-L").ratePerSecond(1).seed(11)
                .format(PayloadFormat.PROTOBUF).qos(1).accelerated(EndToEndIT.T0).maxTicks(WINDOWS).build();
        List<GroundTruth> truths;
        long published;
        try (Fleet fleet = Fleet.start(fleetConfig)) {
            truths = fleet.groundTruth();
            fleet.completion().get(60, TimeUnit.SECONDS);
            published = fleet.publishedReadings();
        }

        // The recorder subscribes first: the restarted gateway predicts as soon as the queued readings arrive.
        try (UpstreamRecorder recorder = new UpstreamRecorder(broker.uri(), "linegate/" + id);
             Gateway second = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry())) {
            await("every reading queued while the gateway was down is accepted").atMost(Duration.ofSeconds(60))
                    .until(() -> count(second.meters(), "linegate.readings.accepted") == published);
            await("every window's prediction").atMost(Duration.ofSeconds(60)).until(() ->
                    truths.stream().allMatch(t -> recorder.predictions(t.lineId()).size() >= WINDOWS));
            for (GroundTruth truth : truths) {
                assertThat(recorder.predictionsBySeq(truth.lineId()).stream().map(Prediction::getSeq).distinct())
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, WINDOWS).boxed().toList());
            }
            assertThat(count(second.meters(), "linegate.rejected")).isZero();
            assertThat(count(second.meters(), "linegate.mqtt.connects", "role", "sensors")).isEqualTo(1);
            System.out.printf("persistent session: %d readings published while the gateway was down, all %d"
                    + " accepted after its restart%n", published, published);
        }
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
    }
}
