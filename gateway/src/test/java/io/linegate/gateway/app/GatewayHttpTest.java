package io.linegate.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.config.ConfigException;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.gateway.testing.PrometheusText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the wiring of the operator HTTP surface into a gateway whose brokers are unreachable
 * (nothing listens on their port), so no broker is needed: the gateway starts, retries in the
 * background, and reports why it is not ready.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayHttpTest {

    @TempDir
    Path storage;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private GatewayConfig config(String http) throws IOException {
        String deadBroker = "tcp://127.0.0.1:" + unusedPort();
        return ConfigLoader.parse("""
                gateway: {id: http-test}
                sensors: {mqtt: {broker: "%s"}}
                upstream: {broker: "%s"}
                storage: {dir: "%s"}
                limits: {workers: 1}
                http: %s
                """.formatted(deadBroker, deadBroker, storage.toString().replace("\\", "/"), http));
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(Gateway gateway, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(gateway.httpUrl() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthReadinessAndMetricsOnTheBoundPort() throws Exception {
        SimpleMeterRegistry callers = new SimpleMeterRegistry();
        try (Gateway gateway = Gateway.start(config("{port: 0}"), Clock.systemUTC(), callers)) {
            assertThat(gateway.httpPort()).isPositive();
            assertThat(gateway.httpAddress().getPort()).isEqualTo(gateway.httpPort());
            assertThat(gateway.httpUrl()).isEqualTo("http://127.0.0.1:" + gateway.httpPort());

            assertThat(get(gateway, "/healthz").body()).isEqualTo("{\"status\":\"ok\"}");
            HttpResponse<String> readyz = get(gateway, "/readyz");
            assertThat(readyz.statusCode()).isEqualTo(503);
            assertThat(readyz.body()).as("upstream is unreachable too, which is not a readiness problem")
                    .isEqualTo("{\"status\":\"not ready\",\"reason\":\"sensors: not subscribed\"}");
            assertThat(gateway.readiness().problems()).containsExactly("sensors: not subscribed");

            PrometheusText.Exposition metrics = PrometheusText.parse(get(gateway, "/metrics").body());
            for (String name : new String[] {"linegate_readings_accepted_total", "linegate_outbox_appended_total",
                    "linegate_upstream_connected", "linegate_ingest_subscribed", "jvm_memory_used_bytes",
                    "jvm_gc_memory_allocated_bytes_total", "process_cpu_usage"}) {
                assertThat(metrics.named(name)).as(name).isNotEmpty();
            }
            assertThat(metrics.named("linegate_ingest_subscribed")).singleElement()
                    .extracting(PrometheusText.Sample::value).isEqualTo(0.0);
            assertThat(callers.find("linegate.readings.accepted").counter())
                    .as("meters also land in the registry the caller passed").isNotNull();
            assertThat(callers.find("jvm.memory.used").gauges()).isNotEmpty();
        }
    }

    @Test
    void closingTheGatewayStopsTheServerAndItsThreads() throws Exception {
        Gateway gateway = Gateway.start(config("{port: 0}"), Clock.systemUTC(), new SimpleMeterRegistry());
        URI healthz = URI.create(gateway.httpUrl() + "/healthz");
        assertThat(client.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);

        gateway.close();
        gateway.close();

        HttpClient fresh = HttpClient.newHttpClient();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        fresh.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive)
                        .extracting(Thread::getName).noneMatch(n -> n.startsWith("linegate-http-")));
    }

    @Test
    void startsNoServerWhenDisabled() throws Exception {
        try (Gateway gateway = Gateway.start(config("{enabled: false}"), Clock.systemUTC(), new SimpleMeterRegistry())) {
            assertThat(gateway.httpPort()).isEqualTo(-1);
            assertThat(gateway.httpAddress()).isNull();
            assertThat(gateway.httpUrl()).isNull();
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .noneMatch(n -> n.startsWith("linegate-http-"));
            assertThat(gateway.meters().find("linegate.readings.accepted").counter()).isNotNull();
        }
    }

    @Test
    void failsToStartWhenThePortIsTakenAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            GatewayConfig config = config("{port: " + taken.getLocalPort() + "}");

            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry()))
                    .hasMessageStartingWith("http.port: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive)
                        .extracting(Thread::getName).noneMatch(n -> n.startsWith("linegate-")));
        // the outbox's directory lock was released: a new gateway opens the same storage
        Gateway.start(config("{port: 0}"), Clock.systemUTC(), new SimpleMeterRegistry()).close();
    }

    @Test
    void refusesToStartBeyondLoopbackWithoutATokenBeforeStartingAnything() throws Exception {
        GatewayConfig open = config("{port: 0, bind: 0.0.0.0, tokenEnv: LINEGATE_TEST_TOKEN_THAT_IS_NOT_SET}");

        assertThatThrownBy(() -> Gateway.start(open, Clock.systemUTC(), new SimpleMeterRegistry()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("http.bind: 0.0.0.0 is beyond loopback, so a bearer token is required");
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("linegate-line-worker") || n.startsWith("linegate-http-"));
    }

    @Test
    void requiresTheTokenFromItsFileBeyondLoopback() throws Exception {
        Path token = storage.resolve("token");
        java.nio.file.Files.writeString(token, "abcdef0123456789abcdef0123456789\n");
        GatewayConfig open = config("{port: 0, bind: 0.0.0.0, tokenFile: \"" + token.toString().replace("\\", "/")
                + "\"}");
        try (Gateway gateway = Gateway.start(open, Clock.systemUTC(), new SimpleMeterRegistry())) {
            String url = "http://127.0.0.1:" + gateway.httpPort();
            HttpResponse<String> denied = client.send(HttpRequest.newBuilder(URI.create(url + "/api/lines")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(URI.create(url + "/api/lines"))
                    .header("Authorization", "Bearer abcdef0123456789abcdef0123456789").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(denied.statusCode()).isEqualTo(401);
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.body()).isEqualTo("{\"lines\":[]}");
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }
}
