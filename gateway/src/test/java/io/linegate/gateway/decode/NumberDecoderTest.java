package io.linegate.gateway.decode;

import static io.linegate.gateway.decode.DecodeResults.ARRIVAL_MS;
import static io.linegate.gateway.decode.DecodeResults.assertRejected;
import static io.linegate.gateway.decode.DecodeResults.onlyReadingOf;
import static io.linegate.gateway.decode.DecodeResults.repeat;
import static io.linegate.gateway.decode.DecodeResults.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumberDecoderTest {

    private final NumberDecoder decoder = new NumberDecoder();

    private DecodeResult decode(String payload) {
        return decoder.decode("line-1", "speed", utf8(payload), ARRIVAL_MS);
    }

    @Test
    void decodesBareNumberStampedWithArrivalTimeAndNoSeq() {
        Reading reading = onlyReadingOf(decode("42.5"));

        assertThat(reading).isEqualTo(new Reading("line-1", "speed", 42.5, ARRIVAL_MS, Reading.NO_SEQ));
    }

    @Test
    void ignoresSurroundingAsciiWhitespace() {
        assertThat(onlyReadingOf(decode(" \t42.5\r\n")).value()).isEqualTo(42.5);
    }

    @ParameterizedTest
    @CsvSource({"0, 0.0", "-0, -0.0", "17, 17.0", "-1.5e-3, -0.0015", "1E+3, 1000.0", "2.5e2, 250.0",
        "1e-999, 0.0", "123456789012345678901234567890, 1.2345678901234568E29"})
    void acceptsEveryJsonNumberForm(String payload, double expected) {
        assertThat(onlyReadingOf(decode(payload)).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x10", "1d", "1f", "1.2.3", "+1", ".5", "5.", "01", "1e", "1e+", "--1", "1 2",
        "4,2", "abc", "true", "null", "\"42\"", "{\"value\": 1}", "[42]", "\u00a042", "42\u0000", "١٢"})
    void rejectsAnythingOutsideTheJsonNumberGrammarAsMalformed(String payload) {
        assertRejected(decode(payload), RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\r\n"})
    void rejectsEmptyPayloadAsMalformed(String payload) {
        assertThat(assertRejected(decode(payload), RejectReason.MALFORMED).detail()).isEqualTo("empty payload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "-NaN", "Infinity", "-Infinity", "+Infinity", "inf", "-inf", "INF"})
    void rejectsNanAndInfinityWordsAsNotFinite(String payload) {
        assertRejected(decode(payload), RejectReason.NOT_FINITE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999", "-1e999", "1.8e308"})
    void rejectsNumbersThatOverflowToInfinityAsNotFinite(String payload) {
        assertRejected(decode(payload), RejectReason.NOT_FINITE);
    }

    @Test
    void rejectsNumberLongerThanThousandCharactersAsTooLarge() {
        String thousandChars = "0." + repeat('1', 998);

        assertThat(onlyReadingOf(decode(thousandChars)).value()).isEqualTo(Double.parseDouble(thousandChars));
        assertRejected(decode(thousandChars + "1"), RejectReason.TOO_LARGE);
    }

    @Test
    void rejectsLongTextThatIsNoNumberAsMalformedRatherThanTooLarge() {
        assertRejected(decode("[" + repeat('1', 2000) + "]"), RejectReason.MALFORMED);
    }
}
