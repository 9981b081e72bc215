package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.app.EmbeddedBroker;
import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.decode.RejectReason;
import io.linegate.proto.DeadLetter;
import io.linegate.sim.Fleet;
import io.linegate.sim.FleetConfig;
import io.linegate.sim.FleetGenerator;
import io.linegate.sim.GroundTruth;
import io.linegate.sim.PayloadFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that bad input over MQTT (garbage, NaN, bad ids, oversize, unknown formats)
 * published while valid traffic flows is counted by reason and sampled to the dead-letter
 * stream, and that the gateway keeps its subscription and keeps producing every prediction.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BadInputIT {

    private static final int ROUNDS = 5;

    @TempDir
    Path storage;

    @Test
    void countsEveryBadMessageByReasonWhileValidTrafficFlows() throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        try (EmbeddedBroker broker = TestBrokers.hivemq()) {
            var config = ConfigLoader.parse(TestBrokers.gatewayYaml(broker.uri(), "bad-input", "json", storage, null));
            try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry());
                 UpstreamRecorder recorder = new UpstreamRecorder(broker.uri(), "linegate/bad-input")) {
                await().atMost(Duration.ofSeconds(30)).until(gateway::ready);

                FleetConfig fleetConfig = FleetConfig.builder().brokerUri(broker.uri()).lines(2).ratePerSecond(10)
                        .seed(11).format(PayloadFormat.JSON).qos(1).accelerated(EndToEndIT.T0).maxTicks(400).build();
                MqttAsyncClient attacker = new MqttAsyncClient(broker.uri(), "attacker-" + UUID.randomUUID(),
                        new MemoryPersistence());
                Map<RejectReason, Integer> sent = new EnumMap<>(RejectReason.class);
                try (Fleet fleet = Fleet.start(fleetConfig)) {
                    attacker.connect().waitForCompletion(10_000);
                    byte[] oversize = new byte[300 * 1024];
                    Arrays.fill(oversize, (byte) '1');
                    for (int round = 0; round < ROUNDS; round++) {
                        send(attacker, sent, RejectReason.MALFORMED, "sensors/L1/feed", new byte[] {(byte) 0xff, 0, 42});
                        send(attacker, sent, RejectReason.MALFORMED, "sensors/L1/feed", text("{\"value\": }"));
                        send(attacker, sent, RejectReason.NOT_FINITE, "sensors/L1/feed", text("NaN"));
                        send(attacker, sent, RejectReason.NOT_FINITE, "sensors/L2/speed", text("{\"value\": 1e999}"));
                        send(attacker, sent, RejectReason.BAD_ID, "sensors/L1;DROP/feed", text("1.0"));
                        send(attacker, sent, RejectReason.BAD_ID, "sensors/L1/a/b/c", text("1.0"));
                        send(attacker, sent, RejectReason.TOO_LARGE, "sensors/L1/feed", oversize);
                        send(attacker, sent, RejectReason.UNKNOWN_FORMAT, "sensors/L1", text("hello"));
                    }
                    fleet.completion().get(60, TimeUnit.SECONDS);
                } finally {
                    if (attacker.isConnected()) {
                        attacker.disconnect().waitForCompletion(5_000);
                    }
                    attacker.close(true);
                }

                for (Map.Entry<RejectReason, Integer> e : sent.entrySet()) {
                    await("count of " + e.getKey()).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                            assertThat(gateway.rejections().count("mqtt", e.getKey())).as(e.getKey().name())
                                    .isEqualTo(e.getValue().longValue()));
                }
                await("all valid predictions").atMost(Duration.ofSeconds(30))
                        .until(() -> recorder.totalPredictions() >= 2 * 40);
                for (GroundTruth truth : FleetGenerator.of(fleetConfig).groundTruth()) {
                    PredictionChecks.assertOnePerWindowGapFree(recorder.predictionsBySeq(truth.lineId()), 40, 1000);
                }
                assertThat(gateway.ready()).as("still subscribed and connected").isTrue();
                int totalBad = sent.values().stream().mapToInt(Integer::intValue).sum();
                await("dead letters").atMost(Duration.ofSeconds(10))
                        .until(() -> recorder.deadLetters().size() >= totalBad);
                Map<String, Long> byReason = recorder.deadLetters().stream()
                        .collect(Collectors.groupingBy(DeadLetter::getReason, Collectors.counting()));
                sent.forEach((reason, n) -> assertThat(byReason.get(reason.name())).as(reason.name()).isEqualTo((long) n));
                assertThat(recorder.deadLetters()).allSatisfy(d -> {
                    assertThat(d.getGatewayId()).isEqualTo("bad-input");
                    assertThat(d.getSource()).isEqualTo("mqtt");
                    assertThat(d.getSample().length()).isLessThanOrEqualTo(64 * 4);
                });
                assertThat(gateway.meters().get("linegate.ingest.errors").counter().count()).isZero();
            }
        }
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
    }

    private static void send(MqttAsyncClient client, Map<RejectReason, Integer> sent, RejectReason reason, String topic,
                             byte[] payload) throws Exception {
        client.publish(topic, new MqttMessage(payload, 1, false, null)).waitForCompletion(10_000);
        sent.merge(reason, 1, Integer::sum);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
