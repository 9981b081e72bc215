package io.linegate.gateway.decode;

import static io.linegate.gateway.decode.DecodeResults.ARRIVAL_MS;
import static io.linegate.gateway.decode.DecodeResults.assertRejected;
import static io.linegate.gateway.decode.DecodeResults.onlyReadingOf;
import static io.linegate.gateway.decode.DecodeResults.repeat;
import static io.linegate.gateway.decode.DecodeResults.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReadingDecoderTest {

    private static final DecodeLimits LIMITS = DecodeLimits.defaults();

    private final JsonReadingDecoder decoder = new JsonReadingDecoder(JsonInput.factory(LIMITS), LIMITS);

    private DecodeResult decode(String payload) {
        return decoder.decode("line-1", "feed", utf8(payload), ARRIVAL_MS);
    }

    @Test
    void decodesValueTimestampAndSequence() {
        Reading reading = onlyReadingOf(decode("{\"value\": 42.5, \"ts\": 1764340000123, \"seq\": 17}"));

        assertThat(reading).isEqualTo(new Reading("line-1", "feed", 42.5, 1_764_340_000_123L, 17));
    }

    @Test
    void stampsArrivalTimeAndNoSeqWhenTheyAreAbsent() {
        Reading reading = onlyReadingOf(decode("{\"value\": -3}"));

        assertThat(reading).isEqualTo(new Reading("line-1", "feed", -3, ARRIVAL_MS, Reading.NO_SEQ));
    }

    @Test
    void treatsNullTimestampAndSequenceAsAbsent() {
        Reading reading = onlyReadingOf(decode("{\"ts\": null, \"value\": 1, \"seq\": null}"));

        assertThat(reading.tsMs()).isEqualTo(ARRIVAL_MS);
        assertThat(reading.seq()).isEqualTo(Reading.NO_SEQ);
    }

    @Test
    void acceptsZeroTimestampAndSequence() {
        Reading reading = onlyReadingOf(decode("{\"value\": 1, \"ts\": 0, \"seq\": 0}"));

        assertThat(reading.tsMs()).isZero();
        assertThat(reading.seq()).isZero();
    }

    @Test
    void readsBooleanValueAsOneOrZeroForEquipmentState() {
        assertThat(onlyReadingOf(decode("{\"value\": true}")).value()).isEqualTo(1.0);
        assertThat(onlyReadingOf(decode("{\"value\": false}")).value()).isEqualTo(0.0);
    }

    @Test
    void ignoresUnknownFieldsOfAnyShape() {
        Reading reading = onlyReadingOf(decode(
                "{\"unit\": \"m/s\", \"value\": 7, \"meta\": {\"a\": [1, {\"b\": null}], \"c\": \"x\"}, \"tags\": []}"));

        assertThat(reading.value()).isEqualTo(7.0);
    }

    @Test
    void rejectsMissingValueAsMalformed() {
        assertRejected(decode("{\"ts\": 1764340000123}"), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"42\"", "null", "[]", "{}", "[1]"})
    void rejectsValueThatIsNeitherNumberNorBooleanAsMalformed(String value) {
        assertRejected(decode("{\"value\": " + value + "}"), RejectReason.MALFORMED);
    }

    @Test
    void rejectsDuplicateValueAsMalformed() {
        assertRejected(decode("{\"value\": 1, \"value\": 2}"), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "1e3", "\"1764340000123\"", "true", "9223372036854775808"})
    void rejectsTimestampThatIsNotANonNegativeIntegerAsMalformed(String ts) {
        assertRejected(decode("{\"value\": 1, \"ts\": " + ts + "}"), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "2.5", "\"17\"", "99999999999999999999"})
    void rejectsSequenceThatIsNotANonNegativeIntegerAsMalformed(String seq) {
        assertRejected(decode("{\"value\": 1, \"seq\": " + seq + "}"), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999"})
    void rejectsNanInfinityAndOverflowingValuesAsNotFinite(String value) {
        assertRejected(decode("{\"value\": " + value + "}"), RejectReason.NOT_FINITE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "42", "\"value\"", "true", "null", "[{\"value\": 1}]"})
    void rejectsDocumentThatIsNotAnObjectAsMalformed(String payload) {
        assertRejected(decode(payload), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"value\": 1}x", "{\"value\": 1}{}", "{\"value\": 1}]", "{\"value\": 1} 2"})
    void rejectsTrailingContentAsMalformed(String payload) {
        assertRejected(decode(payload), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"value\": 1", "{\"value\": ", "{\"val", "{\"value\": 1, \"x\": [1, 2"})
    void rejectsTruncatedJsonAsMalformed(String payload) {
        assertRejected(decode(payload), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'value': 1}", "{value: 1}", "{\"value\": 01}", "{\"value\": 1 /* c */}",
        "{\"value\": .5}", "{\"value\": +1}", "{\"value\": 1,}"})
    void rejectsLenientJsonExtensionsAsMalformed(String payload) {
        assertRejected(decode(payload), RejectReason.MALFORMED);
    }

    @Test
    void malformedJsonWinsOverAnEarlierNonFiniteValue() {
        assertRejected(decode("{\"value\": NaN, \"ts\": "), RejectReason.MALFORMED);
    }

    @Test
    void doesNotEchoTheOffendingTokenInTheDetail() {
        DecodeResult.Rejected rejected = assertRejected(decode("{\"value\": secret_token_here}"), RejectReason.MALFORMED);

        assertThat(rejected.detail()).doesNotContain("secret").startsWith("invalid JSON at byte");
    }

    @Test
    void acceptsNestingUpToTheDepthLimitAndRejectsDeeperAsTooLarge() {
        // The object itself is depth 1, so 15 nested arrays reach exactly depth 16.
        String atLimit = "{\"value\": 1, \"x\": " + repeat('[', 15) + repeat(']', 15) + "}";
        String beyond = "{\"value\": 1, \"x\": " + repeat('[', 16) + repeat(']', 16) + "}";

        assertThat(onlyReadingOf(decode(atLimit)).value()).isEqualTo(1.0);
        assertThat(assertRejected(decode(beyond), RejectReason.TOO_LARGE).detail())
                .isEqualTo("JSON beyond limits: Document nesting depth (17) exceeds the maximum allowed (16)");
    }

    @Test
    void acceptsStringsUpToTheLengthLimitAndRejectsLongerAsTooLarge() {
        assertThat(onlyReadingOf(decode("{\"value\": 1, \"note\": \"" + repeat('a', 1024) + "\"}")).value())
                .isEqualTo(1.0);
        assertRejected(decode("{\"value\": 1, \"note\": \"" + repeat('a', 1025) + "\"}"), RejectReason.TOO_LARGE);
    }

    @Test
    void rejectsLongStringsInsideIgnoredNestedValuesAsTooLarge() {
        assertRejected(decode("{\"value\": 1, \"meta\": {\"a\": [\"" + repeat('b', 5000) + "\"]}}"),
                RejectReason.TOO_LARGE);
    }

    @Test
    void rejectsFieldNameLongerThanTheLimitAsTooLarge() {
        assertRejected(decode("{\"value\": 1, \"" + repeat('k', 1025) + "\": 0}"), RejectReason.TOO_LARGE);
    }

    @Test
    void honoursSmallerConfiguredLimits() {
        DecodeLimits tight = new DecodeLimits(1024, 2, 8, 10);
        JsonReadingDecoder strict = new JsonReadingDecoder(JsonInput.factory(tight), tight);

        assertRejected(strict.decode("l", "s", utf8("{\"value\": 1, \"x\": [[1]]}"), ARRIVAL_MS), RejectReason.TOO_LARGE);
        assertRejected(strict.decode("l", "s", utf8("{\"value\": 1, \"x\": \"123456789\"}"), ARRIVAL_MS),
                RejectReason.TOO_LARGE);
        assertThat(onlyReadingOf(strict.decode("l", "s", utf8("{\"value\": 1, \"x\": [1]}"), ARRIVAL_MS)).value())
                .isEqualTo(1.0);
    }
}
