package io.linegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.linegate.gateway.config.HttpConfig;
import io.linegate.gateway.decode.RejectReason;
import io.linegate.gateway.observe.WhatIf;
import io.linegate.gateway.testing.PrometheusText;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the JSON API against a real server over real line workers: what {@code /api/lines},
 * {@code /api/lines/{line}}, its {@code predict} and {@code /api/deadletters} answer, and how
 * they refuse bad requests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinesApiTest {

    @TempDir
    Path state;

    private ApiFixture api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private ApiFixture trained() {
        api = new ApiFixture(state);
        api.windows("L1", 21);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.closedWindows("L1") == 20);
        return api;
    }

    @Test
    void listsEachLineWithItsModelLastPredictionAndCounters() throws Exception {
        trained();
        HttpResponse<String> response = api.get("/api/lines");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode line = ApiFixture.json(response).get("lines").get(0);
        assertThat(line.get("id").asText()).isEqualTo("L1");
        assertThat(line.get("modelKind").asText()).isEqualTo("ols");
        assertThat(line.get("windowsLearned").asLong()).isEqualTo(20);
        assertThat(line.get("rSquared").asDouble()).isGreaterThan(0.9);
        assertThat(line.get("last").get("seq").asLong()).isEqualTo(20);
        assertThat(line.get("last").get("predicted").isNumber()).isTrue();
        assertThat(line.get("anomaly").isBoolean()).isTrue();
        assertThat(line.get("counters").get("windows").asLong()).isEqualTo(20);
        assertThat(line.get("counters").get("predictions").asLong()).isEqualTo(15);
    }

    @Test
    void describesOneLinesModelAndItsLastPredictions() throws Exception {
        trained();
        JsonNode line = ApiFixture.json(api.get("/api/lines/L1?last=5"));

        assertThat(line.get("predictions")).hasSize(5);
        assertThat(line.get("predictions").get(4).get("seq").asLong()).isEqualTo(20);
        JsonNode model = line.get("model");
        assertThat(model.get("coefficients")).extracting(c -> c.get("name").asText())
                .containsExactly("intercept", "feed", "state", "speed");
        assertThat(model.get("coefficients").get(1).get("estimate").asDouble()).isCloseTo(1.0, within(0.1));
        assertThat(model.get("coefficients").get(3).get("pValue").asDouble()).isLessThan(1e-3);
        assertThat(model.get("rmse").asDouble()).isPositive();
        assertThat(model.get("scores").get("lifetime").get("count").asLong()).isEqualTo(15);
        assertThat(model.get("influence").get(0).get("feature").asText()).isIn("feed", "speed");
        assertThat(model.get("influenceSentence").asText()).contains("moves efficiency most");
        assertThat(ApiFixture.json(api.get("/api/lines/L1")).get("predictions")).hasSize(20);
    }

    @Test
    void answers404ForAnUnknownLineAnd400ForABadLast() throws Exception {
        trained();
        HttpResponse<String> unknown = api.get("/api/lines/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no line nope\",\"status\":404}");
        for (String last : new String[] {"abc", "0", "601", "-1", "1e3"}) {
            HttpResponse<String> bad = api.get("/api/lines/L1?last=" + last);
            assertThat(bad.statusCode()).as("last=%s", last).isEqualTo(400);
            assertThat(ApiFixture.json(bad).get("error").asText()).contains("'last'");
        }
        assertThat(api.get("/api/lines/bad%3Cid%3E").statusCode()).isEqualTo(404);
    }

    @Test
    void predictsWhatTheModelItselfPredictsForTheGivenFeatures() throws Exception {
        trained();
        JsonNode answer = ApiFixture.json(api.get("/api/lines/L1/predict?feed=14&state=1&speed=1.5"));
        JsonNode coefficients = ApiFixture.json(api.get("/api/lines/L1")).get("model").get("coefficients");

        double expected = coefficients.get(0).get("estimate").asDouble() + 14 * coefficients.get(1).get("estimate")
                .asDouble() + coefficients.get(2).get("estimate").asDouble()
                + 1.5 * coefficients.get(3).get("estimate").asDouble();
        assertThat(answer.get("predicted").asDouble()).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
        assertThat(answer.get("predicted").asDouble()).isCloseTo(2 + 14 - 0.5 + 4.5, within(0.5));
        assertThat(answer.get("lower").asDouble()).isLessThan(answer.get("predicted").asDouble());
        assertThat(answer.get("upper").asDouble()).isGreaterThan(answer.get("predicted").asDouble());
        assertThat(answer.get("level").asDouble()).isEqualTo(0.95);
        assertThat(answer.get("observations").asLong()).isEqualTo(20);
        assertThat(answer.get("features").get("speed").asDouble()).isEqualTo(1.5);
    }

    @Test
    void refusesAWhatIfWithAMissingUnknownOrNonNumericParameterNamingIt() throws Exception {
        trained();
        assertError(api.get("/api/lines/L1/predict?feed=1&state=1"), 400, "missing parameter 'speed'");
        assertError(api.get("/api/lines/L1/predict?feed=abc&state=1&speed=2"), 400, "parameter 'feed'");
        assertError(api.get("/api/lines/L1/predict?feed=NaN&state=1&speed=2"), 400, "parameter 'feed'");
        assertError(api.get("/api/lines/L1/predict?feed=1&state=1&speed=2&rpm=3"), 400, "unknown parameter 'rpm'");
        assertError(api.get("/api/lines/L1/predict?feed=1&feed=2&state=1&speed=2"), 400, "parameter 'feed'");
        assertError(api.get("/api/lines/L9/predict?feed=1&state=1&speed=2"), 404, "no line L9");
        assertThat(api.get("/api/lines/L1/predict?feed=1&state=1&speed=2").statusCode()).isEqualTo(200);
    }

    @Test
    void answers409WhileTheModelCannotPredictYet() throws Exception {
        api = new ApiFixture(state);
        api.windows("L1", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.closedWindows("L1") == 2);

        assertError(api.get("/api/lines/L1/predict?feed=1&state=1&speed=2"), 409, "cannot predict yet");
    }

    @Test
    void answers503WhenTheLinesWorkerDoesNotAnswerInTimeOrIsSaturated() throws Exception {
        CompletableFuture<java.util.Optional<WhatIf.Answer>> never = new CompletableFuture<>();
        api = new ApiFixture(state, new HttpConfig(true, "127.0.0.1", 0, 8192), a -> new OperatorApi(a.board(),
                (line, values) -> line.equals("L1") ? never
                        : CompletableFuture.failedFuture(new java.util.concurrent.RejectedExecutionException("full")),
                a.deadLetters(), a.stats(), a.token(), Duration.ofMillis(200), a.heartbeat(), a.flushInterval(),
                a.statsInterval(), a.sseBufferBytes(), a.maxSseClients()));
        api.windows("L1", 3);
        api.windows("L2", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.closedWindows("L1") == 2 && api.closedWindows("L2") == 2);

        HttpResponse<String> slow = api.get("/api/lines/L1/predict?feed=1&state=1&speed=2");
        assertError(slow, 503, "did not answer in time");
        assertThat(slow.headers().firstValue("retry-after")).hasValue("1");
        assertError(api.get("/api/lines/L2/predict?feed=1&state=1&speed=2"), 503, "saturated");
        assertThat(api.get("/healthz").statusCode()).as("the connection and server carry on").isEqualTo(200);
    }

    @Test
    void listsDeadLettersWithMarkupInPayloadAndTopicEscapedAndTruncated() throws Exception {
        api = new ApiFixture(state);
        String payload = "<img src=x onerror=alert(1)>" + "A".repeat(1000);
        String topic = "sensors/<script>alert(2)</script>/x";
        api.rejections.reject(RejectReason.BAD_ID, "mqtt", topic, payload.getBytes(StandardCharsets.UTF_8),
                "bad id <b>");

        HttpResponse<String> response = api.get("/api/deadletters");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("<img", "<script", "<b>")
                .contains("\\u003Cimg src=x onerror=alert(1)\\u003E");
        JsonNode letter = ApiFixture.json(response).get("deadLetters").get(0);
        assertThat(letter.get("reason").asText()).isEqualTo("BAD_ID");
        assertThat(letter.get("source").asText()).isEqualTo("mqtt");
        assertThat(letter.get("topic").asText()).isEqualTo(topic);
        assertThat(letter.get("size").asInt()).isEqualTo(payload.length());
        assertThat(letter.get("sample").asText()).startsWith("<img src=x onerror=alert(1)>AAA").hasSize(256);
        assertThat(letter.get("detail").asText()).isEqualTo("bad id <b>");
        assertThat(ApiFixture.json(response).get("total").asLong()).isEqualTo(1);
    }

    @Test
    void metricsStillParseAsPrometheusTextAndCountTheLinesTraffic() throws Exception {
        trained();
        api.get("/api/lines");
        HttpResponse<String> response = api.get("/metrics");

        PrometheusText.Exposition metrics = PrometheusText.parse(response.body());
        assertThat(metrics.named("linegate_readings_accepted_total")).singleElement()
                .extracting(PrometheusText.Sample::value).isEqualTo(84.0);
        assertThat(metrics.named("linegate_predictions_total")).isNotEmpty();
        assertThat(metrics.named("linegate_http_requests_total"))
                .anyMatch(s -> "api/lines".equals(s.labels().get("endpoint")) && "200".equals(s.labels().get("status")));
        assertThat(metrics.named("linegate_http_sse_clients")).singleElement()
                .extracting(PrometheusText.Sample::value).isEqualTo(0.0);
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = ApiFixture.json(response);
        assertThat(body.get("error").asText()).contains(message);
        assertThat(body.get("status").asInt()).isEqualTo(status);
    }
}
