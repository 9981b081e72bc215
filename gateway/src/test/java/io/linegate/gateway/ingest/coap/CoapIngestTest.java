package io.linegate.gateway.ingest.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.decode.RejectReason;
import io.linegate.proto.Reading;
import io.linegate.proto.ReadingBatch;
import io.linegate.proto.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies every route, content-format and answer of the CoAP server with Californium's own
 * client against the real server and real line workers.
 */
class CoapIngestTest {

    private static final long T0 = 1_764_340_000_000L;

    @TempDir
    Path state;

    private CoapHarness coap;

    @BeforeEach
    void start() {
        coap = CoapHarness.plain(state, null);
    }

    @AfterEach
    void stop() {
        coap.close();
    }

    private void awaitAccepted(double readings) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(coap.accepted()).isEqualTo(readings));
    }

    private static void assertAnswer(CoapResponse response, ResponseCode code, String text) {
        assertThat(response).as("a response").isNotNull();
        assertThat(response.getCode()).as(response.getResponseText()).isEqualTo(code);
        assertThat(response.getResponseText()).startsWith(text);
    }

    @ParameterizedTest(name = "{0} as content-format {1}")
    @CsvSource(delimiter = '|', value = {
        "97.5                                        | 0",
        "97.5                                        | -1",
        "{\"value\": 97.5, \"ts\": 1764340000123}   | 50",
        "{\"value\": 97.5}                           | -1",
        "[{\"v\": 97.5}]                             | 110",
        "[{\"n\": \"feed\", \"v\": 97.5, \"t\": 0}]  | 110"})
    void acceptsOneReadingPerSensorInEveryPerSensorFormat(String body, int contentFormat) {
        CoapResponse response = coap.post("/lines/L1/sensors/feed", body, contentFormat);

        assertAnswer(response, ResponseCode.CHANGED, "accepted 1");
        awaitAccepted(1);
    }

    @Test
    void acceptsASenmlJsonBatchPerLine() {
        String pack = "[{\"bn\": \"\", \"bt\": 1764340000, \"n\": \"feed\", \"v\": 1}, {\"n\": \"state\", \"v\": 2},"
                + " {\"n\": \"efficiency\", \"vb\": true}]";

        assertAnswer(coap.post("/lines/L1", pack, MediaTypeRegistry.APPLICATION_SENML_JSON), ResponseCode.CHANGED,
                "accepted 3");
        awaitAccepted(3);
    }

    @Test
    void acceptsASenmlCborBatchPerLineWithIntegerLabels() throws Exception {
        byte[] pack = SenmlCbor.pack("no/", 1_764_340_000.0, new String[] {"feed", "state"}, new double[] {1, 2});

        assertAnswer(coap.send(CoAP.Code.POST, "/lines/L1", pack, MediaTypeRegistry.APPLICATION_SENML_CBOR),
                ResponseCode.BAD_REQUEST, "BAD_ID");

        byte[] plain = SenmlCbor.pack("", 1_764_340_000.0, new String[] {"feed", "state"}, new double[] {1, 2});
        assertAnswer(coap.send(CoAP.Code.POST, "/lines/L1", plain, MediaTypeRegistry.APPLICATION_SENML_CBOR),
                ResponseCode.CHANGED, "accepted 2");
        awaitAccepted(2);
    }

    @Test
    void acceptsAProtobufBatchAsContentFormat65100() {
        byte[] batch = ReadingBatch.newBuilder().setLineId("L1")
                .addReadings(Reading.newBuilder().setSensorId("feed").setValue(1).setTsMs(T0))
                .addReadings(Reading.newBuilder().setSensorId("state").setValue(2).setTsMs(T0))
                .build().toByteArray();

        assertAnswer(coap.send(CoAP.Code.POST, "/lines/L1", batch, ContentFormats.PROTOBUF_READING_BATCH),
                ResponseCode.CHANGED, "accepted 2");
        awaitAccepted(2);
    }

    @Test
    void acceptsPutLikePost() {
        assertAnswer(coap.send(CoAP.Code.PUT, "/lines/L1/sensors/feed", "3.5".getBytes(StandardCharsets.UTF_8),
                MediaTypeRegistry.TEXT_PLAIN), ResponseCode.CHANGED, "accepted 1");
        awaitAccepted(1);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"value\": \"x\"}        | MALFORMED",
        "{\"value\": NaN}          | NOT_FINITE",
        "[{\"v\": NaN}]            | NOT_FINITE",
        "[{\"n\": \"speed\", \"v\": 1}] | BAD_ID"})
    void answersBadRequestNamingTheReasonAndCountsIt(String body, RejectReason reason) {
        int format = body.startsWith("[") ? MediaTypeRegistry.APPLICATION_SENML_JSON : MediaTypeRegistry.APPLICATION_JSON;

        assertAnswer(coap.post("/lines/L1/sensors/feed", body, format), ResponseCode.BAD_REQUEST, reason.name() + ": ");
        assertThat(coap.rejected(reason)).isEqualTo(1);
        assertThat(coap.upstream.deadLetters).extracting(DeadLetter::getTopic, DeadLetter::getSource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/lines/L1/sensors/feed", "coap"));
        assertAnswer(coap.post("/lines/L1/sensors/feed", "1", MediaTypeRegistry.TEXT_PLAIN), ResponseCode.CHANGED,
                "accepted 1");
    }

    @Test
    void answersBadRequestForAnInvalidIdInThePath() {
        assertAnswer(coap.post("/lines/L%201/sensors/feed", "1", MediaTypeRegistry.TEXT_PLAIN),
                ResponseCode.BAD_REQUEST, "BAD_ID");
    }

    @ParameterizedTest
    @CsvSource({"/lines", "/lines/L1/feed", "/lines/L1/sensors", "/lines/L1/sensors/feed/x", "/other"})
    void answersNotFoundForOtherPaths(String path) {
        assertThat(coap.post(path, "1", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @ParameterizedTest
    @CsvSource({"GET", "DELETE", "FETCH", "PATCH"})
    void answersMethodNotAllowedForOtherMethods(CoAP.Code method) {
        assertThat(coap.send(method, "/lines/L1/sensors/feed", null, MediaTypeRegistry.UNDEFINED).getCode())
                .isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(coap.count("linegate.coap.requests", "method", method.name(), "code", "4.05")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({"/lines/L1/sensors/feed, 42", "/lines/L1/sensors/feed, 65100", "/lines/L1, 0", "/lines/L1, 50"})
    void answersUnsupportedContentFormat(String path, int contentFormat) {
        CoapResponse response = coap.post(path, "1", contentFormat);

        assertAnswer(response, ResponseCode.UNSUPPORTED_CONTENT_FORMAT, "UNKNOWN_FORMAT");
        assertThat(coap.rejected(RejectReason.UNKNOWN_FORMAT)).isEqualTo(1);
    }

    @Test
    void answersChangedWithDuplicateForARepeatedSeqAndCountsIt() {
        String body = "{\"value\": 1, \"ts\": 1764340000000, \"seq\": 5}";
        assertAnswer(coap.post("/lines/L1/sensors/feed", body, 50), ResponseCode.CHANGED, "accepted 1");

        assertAnswer(coap.post("/lines/L1/sensors/feed", body, 50), ResponseCode.CHANGED, "duplicate");

        assertThat(coap.rejected(RejectReason.DUPLICATE)).isEqualTo(1);
        assertAnswer(coap.post("/lines/L1/sensors/feed", body.replace("\"seq\": 5", "\"seq\": 6"), 50), ResponseCode.CHANGED,
                "accepted 1");
        awaitAccepted(2);
    }

    @Test
    void countsEveryAnswerByMethodAndCode() {
        coap.post("/lines/L1/sensors/feed", "1", 0);
        coap.send(CoAP.Code.PUT, "/lines/L1/sensors/feed", "x".getBytes(StandardCharsets.UTF_8), 0);

        assertThat(coap.count("linegate.coap.requests", "method", "POST", "code", "2.04")).isEqualTo(1);
        assertThat(coap.count("linegate.coap.requests", "method", "PUT", "code", "4.00")).isEqualTo(1);
        assertThat(coap.count("linegate.ingest.messages", "source", "coap")).isEqualTo(2);
        assertThat(coap.count("linegate.coap.responses", "code", "2.04")).isEqualTo(1);
    }
}
