package io.linegate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.gateway.config.HttpConfig;
import io.linegate.gateway.decode.Reading;
import io.linegate.gateway.observe.DeadLetterLog;
import io.linegate.gateway.observe.GatewayStats;
import io.linegate.gateway.observe.LineBoard;
import io.linegate.gateway.pipeline.LineModels;
import io.linegate.gateway.pipeline.LineWorkers;
import io.linegate.gateway.pipeline.Rejections;
import io.linegate.gateway.testing.DiscardingSink;
import io.linegate.gateway.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real operator HTTP server over real line workers (three features, OLS), fed by the test
 * through {@link #window}; the clock is the test's.
 */
final class ApiFixture implements AutoCloseable {

    static final long T0 = 1_764_340_000_000L;
    static final String YAML = """
            lines:
              defaults:
                features: [feed, state, speed]
                target: efficiency
                window: 1s
                lateness: 0s
                idleTimeout: 1s
                model: {kind: ols, summaryInterval: 0s}
            """;

    final MutableClock clock = new MutableClock(T0);
    final OperatorMeters meters = OperatorMeters.create(new SimpleMeterRegistry(), true);
    final DeadLetterLog deadLetters = new DeadLetterLog(DeadLetterLog.DEFAULT_CAPACITY);
    final Rejections rejections;
    final LineWorkers workers;
    final OperatorHttpServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    ApiFixture(Path state, HttpConfig http, UnaryOperator<OperatorApi> tune) {
        GatewayConfig config = ConfigLoader.parse(YAML);
        rejections = new Rejections("gw", meters.registry(), new DiscardingSink(), 1000, clock, deadLetters);
        workers = new LineWorkers("gw", config.lines(), LineModels.BY_KIND, state, Duration.ofHours(1), new DiscardingSink(),
                rejections, 2, 10_000, 100, Duration.ofMinutes(5), clock, meters.registry(), new LineBoard());
        workers.start();
        OperatorApi api = tune.apply(OperatorApi.of(workers.board(), workers, deadLetters,
                () -> new GatewayStats(clock.millis(), 0, 0, rejections.countsByReason(), true, true, 0, 0,
                        workers.lineCount(), workers.queued())));
        server = OperatorHttpServer.start(http, Readiness::ready, meters::scrape, meters.registry(), api);
    }

    ApiFixture(Path state) {
        this(state, new HttpConfig(true, "127.0.0.1", 0, 8192), api -> api);
    }

    /** Window {@code index} of {@code line}: feed, state, speed and efficiency = 2 + feed − 0.5·state + 3·speed + noise. */
    void window(String line, int index) {
        long ts = T0 + index * 1000L;
        double feed = 10 + (index * 7 % 11);
        double state = index % 3;
        double speed = 1 + (index * 5 % 13) / 10.0;
        double efficiency = 2 + feed - 0.5 * state + 3 * speed + ((index * 31 % 17) - 8) / 40.0;
        workers.submit(List.of(new Reading(line, "feed", feed, ts, Reading.NO_SEQ),
                new Reading(line, "state", state, ts, Reading.NO_SEQ),
                new Reading(line, "speed", speed, ts, Reading.NO_SEQ),
                new Reading(line, "efficiency", efficiency, ts + 1, Reading.NO_SEQ)), "test", "t", null);
    }

    /** Windows 0..n-1 of {@code line}; window n−1 stays open, so n−1 close. */
    void windows(String line, int n) {
        for (int i = 0; i < n; i++) {
            window(line, i);
        }
    }

    long closedWindows(String line) {
        return workers.board().line(line).map(s -> s.counters().windows()).orElse(0L);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static Map<String, Object> map(String json) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.readValue(json, Map.class);
        return m;
    }

    @Override
    public void close() {
        server.close();
        workers.close(2_000);
        meters.close();
    }
}
