package io.linegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.config.ConfigException;
import io.linegate.gateway.config.HttpConfig;
import io.linegate.gateway.config.HttpToken;
import io.micrometer.core.instrument.Counter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the event stream (events after traffic, heartbeats, a slow client dropped without
 * holding anyone up), the dashboard's files and headers, and the bearer token beyond loopback.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperatorSurfaceTest {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path state;

    private ApiFixture api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** Reads the event stream into {@code lines} on the client's threads. */
    private List<String> subscribe(String... headers) {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.server.url() + "/api/events"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        api.client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
            lines.add("status " + r.statusCode() + " " + r.headers().firstValue("content-type").orElse(""));
            try (Stream<String> body = r.body()) {
                body.forEach(lines::add);
            } catch (RuntimeException closed) {
                // the server or the test closed the stream
            }
        });
        return lines;
    }

    @Test
    void streamsPredictionModelAndStatsEventsAfterTraffic() {
        api = new ApiFixture(state);
        List<String> events = subscribe();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("event: stats"));
        assertThat(events.get(0)).isEqualTo("status 200 text/event-stream; charset=utf-8");

        api.windows("L1", 12);

        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(l -> l.startsWith("data: {\"line\":\"L1\",\"points\":[")));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("event: model"));
        assertThat(events).contains("event: prediction");
    }

    @Test
    void sendsHeartbeatsWhileNothingHappens() {
        api = new ApiFixture(state, new HttpConfig(true, "127.0.0.1", 0, 8192),
                a -> a.withEvents(Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofHours(1), 64 * 1024));
        List<String> events = subscribe();

        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().filter(": heartbeat"::equals).count() >= 3);
    }

    @Test
    void dropsAClientThatDoesNotReadWithoutHoldingUpTheWorkersOrOtherClients() throws Exception {
        api = new ApiFixture(state, new HttpConfig(true, "127.0.0.1", 0, 8192),
                a -> a.withEvents(Duration.ofSeconds(15), Duration.ofMillis(10), Duration.ofSeconds(1), 4096));
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(1024);
            slow.connect(api.server.address(), 10_000);
            slow.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> fast = subscribe();
            await().atMost(Duration.ofSeconds(10)).until(() -> count("linegate.http.sse.clients") == 2);

            int window = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (count("linegate.http.sse.dropped") == 0 && System.nanoTime() < deadline) {
                for (int line = 0; line < 20; line++) {
                    api.window("L" + line, window);
                }
                window++;
                // paced by the workers, which the slow client must never hold up
                await().atMost(Duration.ofSeconds(10)).until(() -> api.workers.queued() == 0);
            }

            assertThat(count("linegate.http.sse.dropped")).isEqualTo(1);
            int seen = fast.size();
            for (int line = 0; line < 20; line++) {
                api.window("L" + line, window);
                api.window("L" + line, window + 1);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> fast.size() > seen);
            assertThat(count("linegate.http.sse.clients")).isEqualTo(1);
        }
    }

    private double count(String name) {
        var meter = api.meters.registry().find(name).meter();
        if (meter instanceof Counter c) {
            return c.count();
        }
        return meter == null ? 0 : meter.measure().iterator().next().getValue();
    }

    @Test
    void servesTheDashboardWithContentTypesCachingAndSecurityHeaders() throws Exception {
        api = new ApiFixture(state);
        HttpResponse<String> page = api.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy")).get().asString()
                .contains("default-src 'self'", "script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script src=\"/dashboard.js\" defer></script>")
                .doesNotContain("<script>", "http://", "https://");

        HttpResponse<String> script = api.get("/dashboard.js");
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(script.body()).contains("textContent").doesNotContain("innerHTML");
        String etag = script.headers().firstValue("etag").orElseThrow();
        assertThat(api.get("/dashboard.js", "If-None-Match", etag).statusCode()).isEqualTo(304);

        HttpResponse<String> uplot = api.get("/webjars/uplot/1.6.30/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(uplot.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(api.get("/webjars/uplot/1.6.30/uPlot.min.css").headers().firstValue("content-type"))
                .hasValue("text/css; charset=utf-8");
        assertThat(api.get("/dashboard.css").statusCode()).isEqualTo(200);
    }

    @Test
    void answers404ForPathTraversal() throws Exception {
        api = new ApiFixture(state);
        for (String path : new String[] {"/../pom.xml", "/webjars/../../pom.xml",
                "/webjars/uplot/1.6.30/../../../../io/linegate/gateway/http/Json.class", "/%2e%2e/%2e%2e/etc/passwd",
                "/webjars/uplot/1.6.30/..%2F..%2Fuplot.pom", "/META-INF/MANIFEST.MF", "/dashboard.js/"}) {
            try (RawHttp raw = new RawHttp(api.server.address())) {
                RawHttp.Response response = raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(response.status()).as(path).isEqualTo(404);
                assertThat(response.body()).as(path).isEqualTo("{\"error\":\"not found\",\"status\":404}");
            }
        }
    }

    @Test
    void requiresTheBearerTokenBeyondLoopbackButNotForTheProbes() throws Exception {
        api = new ApiFixture(state, new HttpConfig(true, "0.0.0.0", 0, 8192),
                a -> a.withToken(Optional.of(HttpToken.of(TOKEN))));
        for (String path : new String[] {"/api/lines", "/api/lines/L1", "/api/deadletters", "/api/events", "/metrics",
                "/", "/dashboard.js"}) {
            HttpResponse<String> none = api.get(path);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("www-authenticate")).as(path).get().asString().startsWith("Bearer");
            assertThat(ApiFixture.json(none).get("status").asInt()).isEqualTo(401);
            assertThat(api.get(path, "Authorization", "Bearer wrong-token-wrong-token").statusCode()).as(path)
                    .isEqualTo(401);
        }
        assertThat(api.get("/api/lines", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(api.get("/metrics", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(api.get("/").statusCode()).isEqualTo(401);
        assertThat(api.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(api.get("/readyz").statusCode()).isEqualTo(200);

        assertThat(api.get("/?token=wrong-token-wrong-token").statusCode()).isEqualTo(401);
        HttpResponse<String> signIn = api.get("/?token=" + TOKEN);
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("location")).hasValue("/");
        String cookie = signIn.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).contains("linegate_token=", "SameSite=Strict", "Path=/").containsIgnoringCase("HttpOnly");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        assertThat(api.get("/api/lines", "Cookie", pair).statusCode()).isEqualTo(200);
        assertThat(api.get("/", "Cookie", pair).statusCode()).isEqualTo(200);
        assertThat(api.get("/", "Cookie", "linegate_token=wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAToken() throws Exception {
        assertThatThrownBy(() -> OperatorHttpServer.start(new HttpConfig(true, "0.0.0.0", 0, 8192),
                Readiness::ready, () -> "", new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("http.bind: 0.0.0.0 is beyond loopback");

        HttpConfig open = new HttpConfig(true, "0.0.0.0", 0, 8192);
        assertThatThrownBy(() -> HttpToken.resolve(open, Map.<String, String>of()::get))
                .isInstanceOf(ConfigException.class).extracting(e -> ((ConfigException) e).key()).isEqualTo("http.bind");
        assertThat(HttpToken.resolve(open, Map.of("LINEGATE_HTTP_TOKEN", TOKEN)::get)).isPresent();
        assertThat(HttpToken.resolve(new HttpConfig(true, "127.0.0.1", 0, 8192), Map.<String, String>of()::get))
                .isEmpty();
        assertThatThrownBy(() -> HttpToken.resolve(open, Map.of("LINEGATE_HTTP_TOKEN", "short")::get))
                .isInstanceOf(ConfigException.class).extracting(e -> ((ConfigException) e).key())
                .isEqualTo("http.tokenEnv");
        Path file = state.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        HttpConfig withFile = new HttpConfig(true, "0.0.0.0", 0, 8192, file, "UNUSED");
        assertThat(HttpToken.resolve(withFile, Map.<String, String>of()::get)).get().asString()
                .doesNotContain(TOKEN);
        HttpConfig missingFile = new HttpConfig(true, "0.0.0.0", 0, 8192, state.resolve("absent"), "UNUSED");
        assertThatThrownBy(() -> HttpToken.resolve(missingFile, Map.<String, String>of()::get))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("http.tokenFile");
    }
}
