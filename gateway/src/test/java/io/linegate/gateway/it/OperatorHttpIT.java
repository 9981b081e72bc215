package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.gateway.testing.PrometheusText;
import io.linegate.sim.Fleet;
import io.linegate.sim.FleetConfig;
import io.linegate.sim.PayloadFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the operator HTTP surface of a gateway on a real broker (HiveMQ CE embedded): /readyz
 * names why the gateway is not ready while its sensor side cannot reach the broker, answers
 * ready once it subscribed even though upstream is still away (the outbox holds what the lines
 * make), and /metrics exposes the gateway's counters in valid Prometheus text after a fleet's
 * traffic.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OperatorHttpIT {

    static final long T0 = 1_764_340_000_000L;
    static final int LINES = 2;
    static final int RATE = 10;
    static final int WINDOWS = 10;

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(Gateway gateway, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(gateway.httpUrl() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyzFollowsTheSensorSideAndMetricsCountTheTraffic() throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        URI brokerUri = URI.create(broker.uri());
        String id = "http-it";
        try (FaultProxy sensors = new FaultProxy(brokerUri.getHost(), brokerUri.getPort());
             FaultProxy upstream = new FaultProxy(brokerUri.getHost(), brokerUri.getPort())) {
            sensors.mode(FaultProxy.Mode.RESET);
            upstream.mode(FaultProxy.Mode.RESET);
            String yaml = TestBrokers.gatewayYaml(sensors.uri(), upstream.uri(), id, "protobuf", storage, null);
            assertThat(yaml).contains(sensors.uri(), upstream.uri());
            GatewayConfig config = ConfigLoader.parse(yaml);

            try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry())) {
                HttpResponse<String> notReady = get(gateway, "/readyz");
                assertThat(notReady.statusCode()).isEqualTo(503);
                assertThat(notReady.body()).isEqualTo("{\"status\":\"not ready\",\"reason\":\"sensors: not subscribed\"}");

                sensors.mode(FaultProxy.Mode.PASS);
                await("readyz 200").atMost(Duration.ofSeconds(60))
                        .until(() -> get(gateway, "/readyz").statusCode() == 200);
                assertThat(get(gateway, "/readyz").body()).isEqualTo("{\"status\":\"ready\"}");
                assertThat(gateway.ready()).as("upstream is still away: ready for /readyz, not for ready()").isFalse();

                upstream.mode(FaultProxy.Mode.PASS);
                await("upstream connected").atMost(Duration.ofSeconds(60)).until(gateway::ready);
                FleetConfig fleetConfig = FleetConfig.builder().brokerUri(broker.uri()).clientId(id + "-fleet")
                        .lines(LINES).ratePerSecond(RATE).seed(11).format(PayloadFormat.JSON).qos(1)
                        .accelerated(T0).maxTicks((long) RATE * WINDOWS).build();
                try (Fleet fleet = Fleet.start(fleetConfig)) {
                    fleet.completion().get(60, TimeUnit.SECONDS);
                }
                double readings = (double) LINES * WINDOWS * RATE * 4;
                await("readings accepted").atMost(Duration.ofSeconds(30)).until(() ->
                        Meters.count(gateway.meters(), "linegate.readings.accepted") == readings);
                await("predictions").atMost(Duration.ofSeconds(30)).until(() ->
                        Meters.count(gateway.meters(), "linegate.predictions") >= LINES * (WINDOWS - 1));

                HttpResponse<String> response = get(gateway, "/metrics");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("content-type"))
                        .hasValue("text/plain; version=0.0.4; charset=utf-8");
                PrometheusText.Exposition metrics = PrometheusText.parse(response.body());
                assertThat(metrics.named("linegate_readings_accepted_total")).singleElement()
                        .extracting(PrometheusText.Sample::value).isEqualTo(readings);
                assertThat(metrics.named("linegate_predictions_total").stream()
                        .mapToDouble(PrometheusText.Sample::value).sum())
                        .isEqualTo(Meters.count(gateway.meters(), "linegate.predictions"))
                        .isGreaterThanOrEqualTo(LINES * (WINDOWS - 1));
                assertThat(metrics.named("linegate_predictions_total")).extracting(s -> s.labels().get("predicted"))
                        .containsExactlyInAnyOrder("true", "false");
                assertThat(metrics.named("jvm_memory_used_bytes")).isNotEmpty();
                assertThat(metrics.named("process_cpu_usage")).isNotEmpty();
                assertThat(metrics.named("linegate_ingest_subscribed")).singleElement()
                        .extracting(PrometheusText.Sample::value).isEqualTo(1.0);
                assertThat(metrics.named("linegate_upstream_connected")).singleElement()
                        .extracting(PrometheusText.Sample::value).isEqualTo(1.0);
                System.out.println("Linegate families in /metrics: " + new TreeSet<>(metrics.types().keySet()).stream()
                        .filter(n -> n.startsWith("linegate_")).map(n -> n + " (" + metrics.types().get(n) + ")")
                        .toList());
            }
        }
        threads.assertNoNewThreads("linegate-", "MQTT");
    }
}
