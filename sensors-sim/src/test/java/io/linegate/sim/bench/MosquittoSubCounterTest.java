package io.linegate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.sim.PayloadFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that the mosquitto_sub and Paho baselines count exactly what the load published,
 * against a real Mosquitto process. Skipped when mosquitto or mosquitto_sub is not installed.
 * Counts only; no timing is asserted.
 */
@Timeout(60)
class MosquittoSubCounterTest {

    @TempDir
    Path dir;

    private BenchSettings settings(String broker) {
        return new BenchSettings(BenchSettings.BrokerChoice.parse(broker), 2, 8, PayloadFormat.SENML, 1, 2, 4_000,
                Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(10), 100, 7, true, true,
                Path.of("unused.jar"), "java", List.of(), dir.resolve("r.json"), false, null, 3, Duration.ofSeconds(1),
                Duration.ZERO, Duration.ofSeconds(1), true);
    }

    @Test
    void mosquittoSubAndPahoCountEveryPublishedMessage() throws Exception {
        Assumptions.assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (apt-get install mosquitto)");
        Assumptions.assumeTrue(MosquittoSubCounter.installed(),
                "mosquitto_sub is not installed (apt-get install mosquitto-clients)");
        try (MosquittoBroker broker = MosquittoBroker.start(dir, BenchRun.freePort(), Duration.ofSeconds(10))) {
            BenchSettings settings = settings(broker.uri());
            Path log = dir.resolve("mosquitto_sub.log");
            try (MosquittoSubCounter sub = MosquittoSubCounter.start("127.0.0.1", broker.port(), "sensors/#", 1, log);
                 MqttCounter paho = MqttCounter.subscribe(broker.uri(), "sensors/#", 1, 10_000, (topic, message) -> { });
                 BenchLoad load = BenchLoad.connect(settings, broker.uri())) {
                sub.awaitReady(() -> load.probe(sub.probeTopic()), Duration.ofSeconds(10), log);

                BenchLoad.LoadResult published = load.run(settings.duration());

                assertThat(published.publishedMessages()).isPositive();
                assertThat(published.publishedReadings()).isEqualTo(published.publishedMessages() * 8);
                assertThat(published.failedMessages()).isZero();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(sub.messages()).isEqualTo(published.publishedMessages());
                    assertThat(paho.messages()).isEqualTo(published.publishedMessages());
                });
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("bench-mosquitto-sub") || name.startsWith("MQTT")));
    }
}
