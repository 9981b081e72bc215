package io.linegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.config.HttpConfig;
import io.linegate.gateway.testing.PrometheusText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies the operator HTTP server against a real bound socket: {@link HttpClient} for what a
 * well-behaved client sends, {@link RawHttp} for pipelining, keep-alive edge cases and junk.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperatorHttpServerTest {

    static final HttpConfig CONFIG = new HttpConfig(true, "127.0.0.1", 0, 8192);

    private final SimpleMeterRegistry callers = new SimpleMeterRegistry();
    private final AtomicReference<Supplier<Readiness>> readiness =
            new AtomicReference<>(() -> new Readiness(List.of("sensors: not subscribed")));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private OperatorMeters meters;
    private OperatorHttpServer server;

    @BeforeEach
    void start() {
        meters = OperatorMeters.create(callers, true);
        server = OperatorHttpServer.start(CONFIG, () -> readiness.get().get(), meters::scrape, meters.registry());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        meters.close();
    }

    private URI uri(String path) {
        return URI.create(server.url() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private double count(String name, String... tags) {
        return callers.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void bindsAFreeLoopbackPortWhenPortIsZero() {
        assertThat(server.address().getPort()).isPositive();
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.address().getPort());
    }

    @Test
    void healthzAnswersOkWhileTheProcessRuns() throws Exception {
        HttpResponse<String> response = get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(count("linegate.http.requests", "endpoint", "healthz", "status", "200")).isEqualTo(1);
    }

    @Test
    void readyzNamesWhyItIsNotReadyAndAnswersReadyOnceItIs() throws Exception {
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"status\":\"not ready\",\"reason\":\"sensors: not subscribed\"}");

        readiness.set(() -> new Readiness(List.of("sensors: not subscribed", "outbox: closed")));
        assertThat(get("/readyz").body()).isEqualTo(
                "{\"status\":\"not ready\",\"reason\":\"sensors: not subscribed; outbox: closed\"}");

        readiness.set(Readiness::ready);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
    }

    @Test
    void readyzReportsAFailingCheckAsNotReadyAndKeepsServing() throws Exception {
        readiness.set(() -> {
            throw new IllegalStateException("boom \"quoted\"");
        });

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"status\":\"not ready\",\"reason\":\"readiness check failed:"
                + " java.lang.IllegalStateException: boom \\\"quoted\\\"\"}");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsIsPrometheusTextWithJvmProcessAndRegisteredMeters() throws Exception {
        Counter.builder("linegate.readings.accepted").register(meters.registry()).increment(3);
        Counter.builder("linegate.predictions").tag("predicted", "true").register(meters.registry()).increment();
        get("/healthz");

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        PrometheusText.Exposition exposition = PrometheusText.parse(response.body());
        assertThat(exposition.named("linegate_readings_accepted_total")).singleElement()
                .extracting(PrometheusText.Sample::value).isEqualTo(3.0);
        assertThat(exposition.types()).containsEntry("linegate_readings_accepted_total", "counter");
        assertThat(exposition.named("linegate_predictions_total")).singleElement()
                .extracting(PrometheusText.Sample::labels).isEqualTo(PrometheusText.labels("predicted", "true"));
        assertThat(exposition.named("linegate_http_requests_total"))
                .anySatisfy(s -> assertThat(s.labels()).isEqualTo(
                        PrometheusText.labels("endpoint", "healthz", "status", "200")));
        assertThat(exposition.named("jvm_memory_used_bytes")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels()).containsKeys("area", "id"));
        for (String name : List.of("process_cpu_usage", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_uptime_seconds", "system_cpu_count", "process_files_open_files")) {
            assertThat(exposition.named(name)).as(name).isNotEmpty();
        }
        assertThat(callers.find("linegate.readings.accepted").counter()).as("the caller's registry has it too")
                .isNotNull();
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        for (String path : List.of("/healthz", "/readyz", "/metrics")) {
            HttpResponse<String> get = get(path);
            HttpResponse<String> head = send("HEAD", path, null);

            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("content-type")).as(path)
                    .isEqualTo(get.headers().firstValue("content-type"));
        }
        try (RawHttp raw = new RawHttp(server.address())) {
            RawHttp.Response head = raw.send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertThat(head.header("content-length")).isEqualTo("15");
            assertThat(raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").read().body())
                    .as("nothing of a body followed the HEAD answer").isEqualTo("{\"status\":\"ok\"}");
        }
    }

    @Test
    void unknownPathIs404WithAJsonError() throws Exception {
        for (String path : List.of("/nope", "/healthz/", "/metricsx", "/api/", "/api/linesx", "/api/lines/L1/x")) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"error\":\"not found\",\"status\":404}");
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        }
        assertThat(get("/healthz?verbose=1").statusCode()).as("a query does not change the path").isEqualTo(200);
    }

    @Test
    void wrongMethodIs405NamingTheAllowedOnes() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "PATCH")) {
            HttpResponse<String> response = send(method, "/metrics", method.equals("POST") ? "x" : null);

            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
            assertThat(response.body()).isEqualTo("{\"error\":\"method not allowed\",\"status\":405}");
        }
    }

    @Test
    void bodyLargerThanMaxRequestBytesIs413AndTheServerKeepsServing() throws Exception {
        HttpResponse<String> response = send("POST", "/healthz", "x".repeat(8193));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"error\":\"request larger than 8192 bytes\",\"status\":413}");
        assertThat(send("POST", "/healthz", "x".repeat(8192)).statusCode()).as("at the limit: only the method is wrong")
                .isEqualTo(405);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void chunkedBodyIsCountedAsItArrivesAndRefusedPastTheLimit() throws Exception {
        try (RawHttp raw = new RawHttp(server.address())) {
            raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "1000\r\n" + "y".repeat(4096) + "\r\n";
            raw.send(chunk + chunk + chunk);

            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp raw = new RawHttp(server.address())) {
            raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            assertThat(raw.read().status()).as("a small chunked body is read and ignored").isEqualTo(200);
        }
    }

    @Test
    void headersLargerThanMaxRequestBytesAre431AndAnOverlongRequestLineIs414() throws Exception {
        try (RawHttp raw = new RawHttp(server.address())) {
            RawHttp.Response response = raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "z".repeat(9000)
                    + "\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(431);
            assertThat(response.body()).isEqualTo("{\"error\":\"request headers larger than 8192 bytes\",\"status\":431}");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp raw = new RawHttp(server.address())) {
            RawHttp.Response response = raw.send("GET /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(414);
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void garbageIsAnswered400AndTheServerKeepsServing() throws Exception {
        List<byte[]> junk = List.of(
                "HELLO\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /healthz HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /%zz HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe, '\r', '\n', '\r', '\n'});
        for (byte[] bytes : junk) {
            try (RawHttp raw = new RawHttp(server.address())) {
                RawHttp.Response response = raw.send(bytes).read();

                assertThat(response.status()).as(new String(bytes, StandardCharsets.ISO_8859_1)).isEqualTo(400);
                assertThat(response.body()).isEqualTo("{\"error\":\"malformed request\",\"status\":400}");
                assertThat(raw.closedByServer()).isTrue();
            }
        }
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(count("linegate.http.requests", "endpoint", "other", "status", "400")).isEqualTo(junk.size());
    }

    @Test
    void refusesHttpVersionsOtherThan1x() throws Exception {
        try (RawHttp raw = new RawHttp(server.address())) {
            RawHttp.Response response = raw.send("GET /healthz HTTP/9.9\r\n\r\n").read();

            assertThat(response.statusLine()).startsWith("HTTP/1.1 505");
            assertThat(response.body()).isEqualTo("{\"error\":\"HTTP version not supported\",\"status\":505}");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void keepAliveReusesOneConnectionForManyRequests() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get(i % 2 == 0 ? "/healthz" : "/metrics").statusCode()).isEqualTo(200);
        }
        assertThat(get("/nope").statusCode()).as("an error that leaves the connection sound keeps it").isEqualTo(404);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);

        assertThat(count("linegate.http.connections")).isEqualTo(1);
    }

    @Test
    void honoursConnectionCloseAndHttp10() throws Exception {
        try (RawHttp raw = new RawHttp(server.address())) {
            RawHttp.Response response = raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp raw = new RawHttp(server.address())) {
            RawHttp.Response response = raw.send("GET /healthz HTTP/1.0\r\n\r\n").read();
            assertThat(response.statusLine()).startsWith("HTTP/1.0 200");
            assertThat(raw.closedByServer()).as("HTTP/1.0 closes unless asked to keep alive").isTrue();
        }
        try (RawHttp raw = new RawHttp(server.address())) {
            RawHttp.Response first = raw.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(first.header("connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(raw.send("GET /readyz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().status()).isEqualTo(503);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp raw = new RawHttp(server.address())) {
            raw.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");

            RawHttp.Response metrics = raw.read();
            assertThat(metrics.header("content-type")).startsWith("text/plain");
            assertThat(raw.read().body()).isEqualTo("{\"status\":\"ok\"}");
            RawHttp.Response head = raw.read(true);
            assertThat(head.header("content-type")).startsWith("text/plain");
            assertThat(raw.read().status()).isEqualTo(404);
            assertThat(raw.read().status()).isEqualTo(503);
        }
    }

    @Test
    void scrapesBeyondTheQueueAreAnswered503WhileOneIsSlow() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.close();
        server = OperatorHttpServer.start(CONFIG, Readiness::ready, () -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "slow_metric 1\n";
        }, meters.registry());
        List<RawHttp> connections = new ArrayList<>();
        try {
            for (int i = 0; i <= OperatorHttpServer.SCRAPE_QUEUE + 1; i++) {
                connections.add(new RawHttp(server.address()).send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"));
                if (i == 0) {
                    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                } else if (i <= OperatorHttpServer.SCRAPE_QUEUE) {
                    int queued = i;
                    await().atMost(Duration.ofSeconds(10)).until(() -> server.scrapesWaiting() == queued);
                }
            }
            RawHttp.Response busy = connections.get(connections.size() - 1).read();
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.header("retry-after")).isEqualTo("1");
            assertThat(busy.body()).isEqualTo("{\"error\":\"too many scrapes in progress\",\"status\":503}");
            assertThat(new RawHttp(server.address()).send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
                    .as("health answers while scrapes wait").isEqualTo(200);

            release.countDown();
            for (RawHttp c : connections.subList(0, connections.size() - 1)) {
                assertThat(c.read().body()).isEqualTo("slow_metric 1\n");
            }
        } finally {
            release.countDown();
            for (RawHttp c : connections) {
                c.close();
            }
        }
    }

    @Test
    void refusesAPortInUseNamingTheKeyAndLeavesNoThreads() {
        HttpConfig taken = new HttpConfig(true, "127.0.0.1", server.address().getPort(), 8192);

        assertThatThrownBy(() -> OperatorHttpServer.start(taken, Readiness::ready, () -> "", meters.registry()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("http.port: cannot listen on 127.0.0.1:" + taken.port());
        server.close();
        server = null;
        assertNoServerThreads();
    }

    @Test
    void closeStopsEveryThreadItStarted() throws Exception {
        try (RawHttp raw = new RawHttp(server.address())) {
            assertThat(raw.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .contains("linegate-http-boss-1", "linegate-http-worker-1", "linegate-http-scrape");
            server.close();
            assertThat(raw.closedByServer()).as("open connections are closed").isTrue();
        }
        server.close();
        server = null;
        assertNoServerThreads();
    }

    static void assertNoServerThreads() {
        await("HTTP threads to end").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive)
                        .extracting(Thread::getName).noneMatch(n -> n.startsWith(OperatorHttpServer.THREAD_PREFIX)));
    }
}
