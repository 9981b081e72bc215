package io.linegate.gateway.decode;

import static io.linegate.gateway.decode.DecodeResults.ARRIVAL_MS;
import static io.linegate.gateway.decode.DecodeResults.assertRejected;
import static io.linegate.gateway.decode.DecodeResults.onlyReadingOf;
import static io.linegate.gateway.decode.DecodeResults.readingsOf;
import static io.linegate.gateway.decode.DecodeResults.repeat;
import static io.linegate.gateway.decode.DecodeResults.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SenmlDecoderTest {

    private static final DecodeLimits LIMITS = DecodeLimits.defaults();
    private static final String LINE = "line-7";

    private final SenmlDecoder decoder = new SenmlDecoder(JsonInput.factory(LIMITS), LIMITS);

    private DecodeResult decode(String pack) {
        return decoder.decode(LINE, utf8(pack), ARRIVAL_MS);
    }

    private static Reading reading(String sensor, double value, long tsMs) {
        return new Reading(LINE, sensor, value, tsMs, Reading.NO_SEQ);
    }

    @Test
    void decodesOneReadingPerRecordWithAbsoluteTimesInSeconds() {
        List<Reading> readings = readingsOf(decode(
                "[{\"n\":\"speed\",\"v\":1.5,\"t\":1764340000.123},{\"n\":\"feed\",\"v\":-2,\"t\":1764340001}]"));

        assertThat(readings).containsExactly(
                reading("speed", 1.5, 1_764_340_000_123L),
                reading("feed", -2, 1_764_340_001_000L));
    }

    @Test
    void resolvesSenmlBaseNameAndTime() {
        List<Reading> readings = readingsOf(decode("[{\"bn\":\"press.\",\"bt\":1764340000,\"n\":\"temp\",\"v\":80,\"t\":0.5},"
                + "{\"n\":\"load\",\"v\":0.9,\"t\":1.25}]"));

        assertThat(readings).containsExactly(
                reading("press.temp", 80, 1_764_340_000_500L),
                reading("press.load", 0.9, 1_764_340_001_250L));
    }

    @Test
    void usesBaseNameAloneWhenARecordHasNoName() {
        List<Reading> readings = readingsOf(decode("[{\"bn\":\"temp\",\"bt\":1764340000,\"v\":20},{\"v\":21,\"t\":60}]"));

        assertThat(readings).containsExactly(
                reading("temp", 20, 1_764_340_000_000L),
                reading("temp", 21, 1_764_340_060_000L));
    }

    @Test
    void appliesBaseFieldsUntilALaterRecordReplacesThem() {
        List<Reading> readings = readingsOf(decode("[{\"bn\":\"a.\",\"bt\":1764340000,\"n\":\"x\",\"v\":1},"
                + "{\"n\":\"y\",\"v\":2},"
                + "{\"bn\":\"b.\",\"bt\":1764340100,\"n\":\"x\",\"v\":3},"
                + "{\"n\":\"y\",\"v\":4,\"t\":-1}]"));

        assertThat(readings).containsExactly(
                reading("a.x", 1, 1_764_340_000_000L),
                reading("a.y", 2, 1_764_340_000_000L),
                reading("b.x", 3, 1_764_340_100_000L),
                reading("b.y", 4, 1_764_340_099_000L));
    }

    @Test
    void addsBaseValueToNumericValuesOfThisAndLaterRecords() {
        List<Reading> readings = readingsOf(decode(
                "[{\"bn\":\"t\",\"bv\":20,\"v\":0.5},{\"v\":-1},{\"vb\":true},{\"bv\":100,\"v\":1}]"));

        assertThat(readings).extracting(Reading::value).containsExactly(20.5, 19.0, 1.0, 101.0);
    }

    @Test
    void treatsSmallResolvedTimesAsRelativeToArrival() {
        List<Reading> readings = readingsOf(decode(
                "[{\"n\":\"a\",\"v\":1,\"t\":-5},{\"n\":\"b\",\"v\":1,\"t\":1.5},{\"n\":\"c\",\"v\":1,\"bt\":-60,\"t\":30}]"));

        assertThat(readings).extracting(Reading::tsMs)
                .containsExactly(ARRIVAL_MS - 5_000, ARRIVAL_MS + 1_500, ARRIVAL_MS - 30_000);
    }

    @Test
    void treatsTimesFromTwoToTheTwentyEighthSecondsAsAbsolute() {
        List<Reading> readings = readingsOf(decode(
                "[{\"n\":\"a\",\"v\":1,\"t\":268435455},{\"n\":\"b\",\"v\":1,\"t\":268435456}]"));

        assertThat(readings).extracting(Reading::tsMs)
                .containsExactly(ARRIVAL_MS + 268_435_455_000L, 268_435_456_000L);
    }

    @Test
    void stampsArrivalTimeWhenThereIsNoTime() {
        assertThat(onlyReadingOf(decode("[{\"n\":\"a\",\"v\":1}]")).tsMs()).isEqualTo(ARRIVAL_MS);
        assertThat(onlyReadingOf(decode("[{\"n\":\"a\",\"v\":1,\"t\":0}]")).tsMs()).isEqualTo(ARRIVAL_MS);
    }

    @Test
    void readsBooleanValueAsOneOrZero() {
        List<Reading> readings = readingsOf(decode("[{\"n\":\"on\",\"vb\":true},{\"n\":\"off\",\"vb\":false}]"));

        assertThat(readings).extracting(Reading::value).containsExactly(1.0, 0.0);
    }

    @Test
    void acceptsAndIgnoresUnitsVersionSumsAndUpdateTime() {
        Reading reading = onlyReadingOf(decode(
                "[{\"bver\":10,\"bu\":\"Cel\",\"bs\":0,\"n\":\"t\",\"u\":\"Cel\",\"v\":21.5,\"s\":3,\"ut\":60}]"));

        assertThat(reading).isEqualTo(reading("t", 21.5, ARRIVAL_MS));
    }

    @Test
    void ignoresUnknownFieldsThatAreNotMustUnderstand() {
        Reading reading = onlyReadingOf(decode("[{\"n\":\"t\",\"v\":1,\"l\":[{\"href\":\"x\"}],\"foo\":{}}]"));

        assertThat(reading.value()).isEqualTo(1.0);
    }

    @Test
    void rejectsMustUnderstandFieldAsUnknownFormat() {
        assertRejected(decode("[{\"n\":\"t\",\"v\":1,\"crit_\":1}]"), RejectReason.UNKNOWN_FORMAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"vs\":\"on\"", "\"vd\":\"aGk\""})
    void rejectsStringAndDataValuesAsUnknownFormatNamingTheRecord(String field) {
        DecodeResult.Rejected rejected = assertRejected(
                decode("[{\"n\":\"a\",\"v\":1},{\"n\":\"b\"," + field + "}]"), RejectReason.UNKNOWN_FORMAT);

        assertThat(rejected.detail()).contains("record 1").contains(field.substring(1, 3));
    }

    @Test
    void rejectsSumOnlyRecordAsUnknownFormat() {
        assertRejected(decode("[{\"n\":\"energy\",\"s\":12.5}]"), RejectReason.UNKNOWN_FORMAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"n\":\"a\"}]", "[{\"bn\":\"a\",\"bt\":1764340000},{\"n\":\"b\",\"v\":1}]", "[{}]"})
    void rejectsRecordWithoutValueAsMalformed(String pack) {
        assertRejected(decode(pack), RejectReason.MALFORMED);
    }

    @Test
    void rejectsRecordWithTwoValuesAsMalformed() {
        assertRejected(decode("[{\"n\":\"a\",\"v\":1,\"vb\":true}]"), RejectReason.MALFORMED);
    }

    @Test
    void rejectsRecordWithARepeatedFieldAsMalformed() {
        assertRejected(decode("[{\"n\":\"a\",\"v\":1,\"v\":2}]"), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"n\":5,\"v\":1", "\"n\":\"a\",\"v\":\"1\"", "\"n\":\"a\",\"vb\":1", "\"n\":\"a\",\"v\":1,\"t\":\"now\"",
        "\"bn\":[],\"v\":1", "\"n\":\"a\",\"v\":null", "\"n\":\"a\",\"v\":1,\"u\":1", "\"n\":\"a\",\"v\":1,\"bver\":\"10\""})
    void rejectsMistypedFieldsAsMalformed(String fields) {
        assertRejected(decode("[{" + fields + "}]"), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"urn:dev:ow:10e2073a01080063:temp", "a b", "tëmp", "a/b", "a+", "#"})
    void rejectsResolvedNamesThatAreNotValidIdsAsBadId(String name) {
        assertRejected(decode("[{\"n\":\"" + name + "\",\"v\":1}]"), RejectReason.BAD_ID);
    }

    @Test
    void rejectsResolvedNameLongerThanAnIdAsBadIdWithoutEchoingIt() {
        String longName = repeat('x', 40) + repeat('y', 40);

        DecodeResult.Rejected rejected = assertRejected(
                decode("[{\"bn\":\"" + repeat('x', 40) + "\",\"n\":\"" + repeat('y', 40) + "\",\"v\":1}]"),
                RejectReason.BAD_ID);

        assertThat(rejected.detail()).doesNotContain(longName).doesNotContain("y");
    }

    @Test
    void rejectsRecordWithoutAnyNameAsBadId() {
        assertRejected(decode("[{\"v\":1}]"), RejectReason.BAD_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"v\":NaN", "\"v\":Infinity", "\"v\":1e999", "\"bv\":1e308,\"v\":1e308"})
    void rejectsNonFiniteValuesAsNotFinite(String fields) {
        assertRejected(decode("[{\"n\":\"a\"," + fields + "}]"), RejectReason.NOT_FINITE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"t\":NaN", "\"bt\":Infinity", "\"t\":-1e300", "\"t\":1e300"})
    void rejectsTimesThatAreNotFiniteOrOutOfRangeAsMalformed(String field) {
        assertRejected(decode("[{\"n\":\"a\",\"v\":1," + field + "}]"), RejectReason.MALFORMED);
    }

    @Test
    void acceptsPacksUpToTheRecordLimitAndRejectsLargerAsTooLarge() {
        DecodeLimits threeRecords = new DecodeLimits(1024, 16, 1024, 3);
        SenmlDecoder small = new SenmlDecoder(JsonInput.factory(threeRecords), threeRecords);
        String record = "{\"n\":\"a\",\"v\":1}";

        assertThat(readingsOf(small.decode(LINE, utf8("[" + String.join(",", List.of(record, record, record)) + "]"),
                ARRIVAL_MS))).hasSize(3);
        assertRejected(small.decode(LINE, utf8("[" + String.join(",", List.of(record, record, record, record)) + "]"),
                ARRIVAL_MS), RejectReason.TOO_LARGE);
    }

    @Test
    void rejectsEmptyPackAsMalformed() {
        assertRejected(decode("[]"), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"n\":\"a\",\"v\":1}", "42", "[1]", "[[{\"n\":\"a\",\"v\":1}]]", "[{\"n\":\"a\",\"v\":1},null]"})
    void rejectsPacksThatAreNotArraysOfObjectsAsMalformed(String payload) {
        assertRejected(decode(payload), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"n\":\"a\",\"v\":1}", "[{\"n\":\"a\",\"v\":1},", "[{\"n\":\"a\",\"v\"", "[{\"n\":\"a\",\"v\":1}]]"})
    void rejectsTruncatedOrTrailingJsonAsMalformed(String payload) {
        assertRejected(decode(payload), RejectReason.MALFORMED);
    }

    @Test
    void malformedJsonWinsOverEarlierBadRecords() {
        assertRejected(decode("[{\"n\":\"bad id\",\"v\":NaN},{\"vs\":\"x\"},{\"n\":"), RejectReason.MALFORMED);
    }

    @Test
    void reportsTheFirstProblemInDocumentOrder() {
        DecodeResult.Rejected rejected = assertRejected(
                decode("[{\"n\":\"ok\",\"v\":1},{\"n\":\"nan\",\"v\":NaN},{\"n\":\"bad id\",\"v\":1}]"),
                RejectReason.NOT_FINITE);

        assertThat(rejected.detail()).contains("record 1");
    }

    @Test
    void rejectsOverlongStringsAsTooLarge() {
        assertRejected(decode("[{\"n\":\"a\",\"v\":1,\"u\":\"" + repeat('u', 1025) + "\"}]"), RejectReason.TOO_LARGE);
        assertRejected(decode("[{\"n\":\"" + repeat('n', 1025) + "\",\"v\":1}]"), RejectReason.TOO_LARGE);
    }
}
