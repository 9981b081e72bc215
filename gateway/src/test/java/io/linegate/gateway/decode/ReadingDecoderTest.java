package io.linegate.gateway.decode;

import static io.linegate.gateway.decode.DecodeResults.ARRIVAL_MS;
import static io.linegate.gateway.decode.DecodeResults.assertRejected;
import static io.linegate.gateway.decode.DecodeResults.onlyReadingOf;
import static io.linegate.gateway.decode.DecodeResults.readingsOf;
import static io.linegate.gateway.decode.DecodeResults.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.linegate.proto.ReadingBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingDecoderTest {

    private static final String LINE = "line-1";
    private static final String SENML = "[{\"n\":\"speed\",\"v\":2}]";

    private final ReadingDecoder decoder = new ReadingDecoder(DecodeLimits.defaults());

    private DecodeResult sensor(String payload, PayloadFormat format) {
        return decoder.decodeSensor(LINE, "speed", utf8(payload), format, ARRIVAL_MS);
    }

    private DecodeResult line(byte[] payload, PayloadFormat format, String contentType) {
        return decoder.decodeLine(LINE, payload, format, contentType, ARRIVAL_MS);
    }

    private static byte[] protobufBatch(String lineId) {
        return ReadingBatch.newBuilder().setLineId(lineId)
                .addReadings(io.linegate.proto.Reading.newBuilder().setSensorId("speed").setValue(2))
                .build().toByteArray();
    }

    @Test
    void sniffsJsonObjectOnSensorTopic() {
        assertThat(onlyReadingOf(sensor(" \n{\"value\": 3, \"seq\": 4}", PayloadFormat.AUTO)))
                .isEqualTo(new Reading(LINE, "speed", 3, ARRIVAL_MS, 4));
    }

    @Test
    void sniffsBareNumberOnSensorTopic() {
        assertThat(onlyReadingOf(sensor("42.5\n", PayloadFormat.AUTO)))
                .isEqualTo(new Reading(LINE, "speed", 42.5, ARRIVAL_MS, Reading.NO_SEQ));
    }

    @Test
    void decodesOnlyTheForcedFormatOnSensorTopic() {
        assertRejected(sensor("{\"value\": 3}", PayloadFormat.NUMBER), RejectReason.MALFORMED);
        assertRejected(sensor("42.5", PayloadFormat.JSON), RejectReason.MALFORMED);
        assertThat(onlyReadingOf(sensor("42.5", PayloadFormat.NUMBER)).value()).isEqualTo(42.5);
    }

    @ParameterizedTest
    @EnumSource(value = PayloadFormat.class, names = {"SENML", "PROTOBUF"})
    void rejectsPerLineFormatsForcedOnSensorTopicAsUnknownFormat(PayloadFormat format) {
        assertRejected(sensor(SENML, format), RejectReason.UNKNOWN_FORMAT);
    }

    @ParameterizedTest
    @EnumSource(value = PayloadFormat.class, names = {"NUMBER", "JSON"})
    void rejectsPerSensorFormatsForcedOnLineTopicAsUnknownFormat(PayloadFormat format) {
        assertRejected(line(utf8("42"), format, null), RejectReason.UNKNOWN_FORMAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"line/1", "+", "#", "", "line 1", "lïne"})
    void rejectsInvalidLineIdOnEitherTopicAsBadId(String lineId) {
        assertRejected(decoder.decodeSensor(lineId, "speed", utf8("1"), PayloadFormat.AUTO, ARRIVAL_MS),
                RejectReason.BAD_ID);
        assertRejected(decoder.decodeLine(lineId, utf8(SENML), PayloadFormat.AUTO, null, ARRIVAL_MS),
                RejectReason.BAD_ID);
    }

    @Test
    void rejectsMissingIdsAsBadId() {
        assertRejected(decoder.decodeSensor(null, "speed", utf8("1"), PayloadFormat.AUTO, ARRIVAL_MS), RejectReason.BAD_ID);
        assertRejected(decoder.decodeSensor(LINE, null, utf8("1"), PayloadFormat.AUTO, ARRIVAL_MS), RejectReason.BAD_ID);
        assertRejected(decoder.decodeLine(null, utf8(SENML), PayloadFormat.AUTO, null, ARRIVAL_MS), RejectReason.BAD_ID);
    }

    @Test
    void echoesAnInvalidIdOnlyAsAShortEscapedSample() {
        String sensorId = "evil\n/#" + "z".repeat(300);

        DecodeResult.Rejected rejected = assertRejected(
                decoder.decodeSensor(LINE, sensorId, utf8("1"), PayloadFormat.AUTO, ARRIVAL_MS), RejectReason.BAD_ID);

        assertThat(rejected.detail()).contains("'evil\\x0a/#zzz").doesNotContain("\n").doesNotContain("z".repeat(33));
    }

    @Test
    void rejectsPayloadBeyondTheSizeLimitAsTooLarge() {
        ReadingDecoder small = new ReadingDecoder(new DecodeLimits(8, 16, 1024, 100));

        assertThat(onlyReadingOf(small.decodeSensor(LINE, "s", utf8("12345678"), PayloadFormat.AUTO, ARRIVAL_MS))
                .value()).isEqualTo(12_345_678.0);
        assertRejected(small.decodeSensor(LINE, "s", utf8("123456789"), PayloadFormat.AUTO, ARRIVAL_MS),
                RejectReason.TOO_LARGE);
        assertRejected(small.decodeLine(LINE, utf8(SENML), PayloadFormat.AUTO, null, ARRIVAL_MS),
                RejectReason.TOO_LARGE);
    }

    @Test
    void rejectsEmptyPayloadOnEitherTopicAsMalformed() {
        assertRejected(sensor("", PayloadFormat.AUTO), RejectReason.MALFORMED);
        assertRejected(line(new byte[0], PayloadFormat.AUTO, null), RejectReason.MALFORMED);
        assertRejected(line(new byte[0], PayloadFormat.PROTOBUF, null), RejectReason.MALFORMED);
    }

    @Test
    void sniffsSenmlPackOnLineTopicEvenAfterLeadingNewline() {
        assertThat(readingsOf(line(utf8("\n  " + SENML), PayloadFormat.AUTO, null)))
                .containsExactly(new Reading(LINE, "speed", 2, ARRIVAL_MS, Reading.NO_SEQ));
    }

    @Test
    void sniffsProtobufBatchOnLineTopicWithOrWithoutLineId() {
        assertThat(readingsOf(line(protobufBatch(LINE), PayloadFormat.AUTO, null))).hasSize(1);
        assertThat(readingsOf(line(protobufBatch(""), PayloadFormat.AUTO, null))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"value\": 1}", "42", "hello", "\u0008\u0001"})
    void rejectsUnrecognisedLinePayloadAsUnknownFormat(String payload) {
        assertRejected(line(utf8(payload), PayloadFormat.AUTO, null), RejectReason.UNKNOWN_FORMAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf",
        "Application/X-Protobuf", "application/x-protobuf; messageType=linegate.v1.ReadingBatch"})
    void routesProtobufContentTypesToTheProtobufDecoder(String contentType) {
        assertThat(readingsOf(line(protobufBatch(LINE), PayloadFormat.AUTO, contentType))).hasSize(1);
        assertRejected(line(utf8(SENML), PayloadFormat.AUTO, contentType), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/senml+json", "application/json", "application/json; charset=utf-8",
        " APPLICATION/SENML+JSON "})
    void routesSenmlAndJsonContentTypesToTheSenmlDecoder(String contentType) {
        assertThat(readingsOf(line(utf8(SENML), PayloadFormat.AUTO, contentType))).hasSize(1);
        assertRejected(line(protobufBatch(LINE), PayloadFormat.AUTO, contentType), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/cbor", "application/senml+cbor", "application/octet-stream",
        "json"})
    void rejectsOtherContentTypesAsUnknownFormat(String contentType) {
        assertRejected(line(utf8(SENML), PayloadFormat.SENML, contentType), RejectReason.UNKNOWN_FORMAT);
    }

    @Test
    void contentTypeWinsOverTheForcedFormat() {
        assertThat(readingsOf(line(protobufBatch(LINE), PayloadFormat.SENML, "application/x-protobuf"))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void blankContentTypeCountsAsAbsent(String contentType) {
        assertThat(readingsOf(line(protobufBatch(LINE), PayloadFormat.PROTOBUF, contentType))).hasSize(1);
        assertThat(readingsOf(line(utf8(SENML), PayloadFormat.AUTO, contentType))).hasSize(1);
    }

    @Test
    void forcedFormatSkipsSniffing() {
        assertRejected(line(utf8(SENML), PayloadFormat.PROTOBUF, null), RejectReason.MALFORMED);
        assertRejected(line(protobufBatch(LINE), PayloadFormat.SENML, null), RejectReason.MALFORMED);
    }

    @Test
    void sampleKeepsPrintableAsciiAndEscapesEverythingElse() {
        byte[] payload = {'o', 'k', ' ', '\\', '\n', 0, (byte) 0xFF, '~', 0x7F};

        assertThat(ReadingDecoder.sample(payload, 64)).isEqualTo("ok \\\\\\x0a\\x00\\xff~\\x7f");
    }

    @Test
    void sampleStopsAfterMaxBytes() {
        byte[] payload = Arrays.copyOf(utf8("abcdef"), 6);

        assertThat(ReadingDecoder.sample(payload, 3)).isEqualTo("abc");
        assertThat(ReadingDecoder.sample(payload, 0)).isEmpty();
        assertThat(ReadingDecoder.sample(new byte[0], 64)).isEmpty();
    }

    @Test
    void treatsNullPayloadOrFormatAsAProgrammingError() {
        assertThatNullPointerException()
                .isThrownBy(() -> decoder.decodeSensor(LINE, "s", null, PayloadFormat.AUTO, ARRIVAL_MS));
        assertThatNullPointerException()
                .isThrownBy(() -> decoder.decodeLine(LINE, new byte[1], null, null, ARRIVAL_MS));
    }

    @Test
    void givesTheSameResultsWhenSharedByConcurrentTransportThreads() throws Exception {
        List<Callable<List<DecodeResult>>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            workers.add(() -> {
                List<DecodeResult> results = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    results.add(sensor("{\"value\": " + i + ", \"seq\": " + i + "}", PayloadFormat.AUTO));
                    results.add(line(utf8("[{\"bn\":\"s" + i + "\",\"v\":" + i + "}]"), PayloadFormat.AUTO, null));
                    results.add(line(protobufBatch(LINE), PayloadFormat.AUTO, null));
                    results.add(sensor("{\"value\": " + i, PayloadFormat.AUTO));
                }
                return results;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<List<DecodeResult>> future : pool.invokeAll(workers)) {
                List<DecodeResult> results = future.get(30, TimeUnit.SECONDS);
                for (int i = 0; i < 500; i++) {
                    assertThat(onlyReadingOf(results.get(4 * i))).isEqualTo(new Reading(LINE, "speed", i, ARRIVAL_MS, i));
                    assertThat(onlyReadingOf(results.get(4 * i + 1)).sensorId()).isEqualTo("s" + i);
                    assertThat(onlyReadingOf(results.get(4 * i + 2)).value()).isEqualTo(2.0);
                    assertRejected(results.get(4 * i + 3), RejectReason.MALFORMED);
                }
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
