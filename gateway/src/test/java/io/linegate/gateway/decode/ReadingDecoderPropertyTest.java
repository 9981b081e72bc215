package io.linegate.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Verifies that no input makes the decoder throw or hand out an invalid reading: every payload
 * on every entry point ends as exactly one {@link DecodeResult}.
 */
class ReadingDecoderPropertyTest {

    private static final String LINE = "line-1";
    private static final long ARRIVAL_MS = DecodeResults.ARRIVAL_MS;

    private final ReadingDecoder decoder = new ReadingDecoder(DecodeLimits.defaults());

    @Property
    void anyBytesOnASensorTopicAreDecodedOrRejectedNeverThrown(@ForAll @Size(max = 512) byte[] payload,
                                                               @ForAll PayloadFormat format) {
        assertWellFormed(decoder.decodeSensor(LINE, "s1", payload, format, ARRIVAL_MS));
    }

    @Property
    void anyBytesOnALineTopicAreDecodedOrRejectedNeverThrown(@ForAll @Size(max = 512) byte[] payload,
                                                             @ForAll PayloadFormat format,
                                                             @ForAll("contentTypes") String contentType) {
        assertWellFormed(decoder.decodeLine(LINE, payload, format, contentType, ARRIVAL_MS));
    }

    @Property
    void mutatedValidPayloadsAreDecodedOrRejectedOnEveryEntryPoint(@ForAll("mutatedPayloads") byte[] payload) {
        for (PayloadFormat format : PayloadFormat.values()) {
            assertWellFormed(decoder.decodeSensor(LINE, "s1", payload, format, ARRIVAL_MS));
            assertWellFormed(decoder.decodeLine(LINE, payload, format, null, ARRIVAL_MS));
        }
    }

    @Property(tries = 300)
    void plausibleButWrongPayloadsAreDecodedOrRejectedOnEveryEntryPoint(@ForAll("plausiblePayloads") byte[] payload) {
        for (PayloadFormat format : PayloadFormat.values()) {
            assertWellFormed(decoder.decodeSensor(LINE, "s1", payload, format, ARRIVAL_MS));
            assertWellFormed(decoder.decodeLine(LINE, payload, format, null, ARRIVAL_MS));
        }
    }

    @Property
    void anyTextOnEitherTopicIsDecodedOrRejectedNeverThrown(@ForAll("jsonishText") String text) {
        byte[] payload = DecodeResults.utf8(text);
        assertWellFormed(decoder.decodeSensor(LINE, "s1", payload, PayloadFormat.AUTO, ARRIVAL_MS));
        assertWellFormed(decoder.decodeLine(LINE, payload, PayloadFormat.AUTO, null, ARRIVAL_MS));
        assertWellFormed(decoder.decodeLine(LINE, payload, PayloadFormat.SENML, null, ARRIVAL_MS));
    }

    @Property
    void anyIdsFromATopicAreCheckedBeforeTheyReachAReading(@ForAll String lineId, @ForAll String sensorId) {
        DecodeResult result = decoder.decodeSensor(lineId, sensorId, DecodeResults.utf8("1"),
                PayloadFormat.AUTO, ARRIVAL_MS);

        if (Ids.isValid(lineId) && Ids.isValid(sensorId)) {
            assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        } else {
            assertThat(result).isInstanceOfSatisfying(DecodeResult.Rejected.class, rejected -> {
                assertThat(rejected.reason()).isEqualTo(RejectReason.BAD_ID);
                assertThat(rejected.detail()).hasSizeLessThan(120);
            });
        }
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(
                Arbitraries.of("application/x-protobuf", "application/senml+json", "application/json", "", "text/plain"),
                Arbitraries.strings().ofMaxLength(40))
                .injectNull(0.3);
    }

    @Provide
    Arbitrary<byte[]> mutatedPayloads() {
        return DecodeArbitraries.mutatedPayloads();
    }

    @Provide
    Arbitrary<byte[]> plausiblePayloads() {
        return DecodeArbitraries.plausiblePayloads();
    }

    /** Text built from JSON's own alphabet, so that structure (not just noise) gets exercised. */
    @Provide
    Arbitrary<String> jsonishText() {
        Arbitrary<String> tokens = Arbitraries.of("[", "]", "{", "}", ",", ":", " ", "\"n\"", "\"v\"", "\"bn\"",
                "\"bt\"", "\"t\"", "\"vb\"", "\"vs\"", "\"value\"", "\"ts\"", "\"seq\"", "1", "-0.5", "1e999", "NaN",
                "true", "null", "\"a\"", "\"x_\"", "268435456", "-1", "9223372036854775808", "\"");
        return tokens.list().ofMaxSize(40).map(list -> String.join("", list));
    }

    private static void assertWellFormed(DecodeResult result) {
        assertThat(result).isNotNull();
        if (result instanceof DecodeResult.Decoded decoded) {
            assertThat(decoded.readings()).isNotEmpty().allSatisfy(reading -> {
                assertThat(reading.lineId()).isEqualTo(LINE);
                assertThat(Ids.isValid(reading.sensorId())).isTrue();
                assertThat(Double.isFinite(reading.value())).isTrue();
                assertThat(reading.tsMs()).isNotNegative();
                assertThat(reading.seq()).isGreaterThanOrEqualTo(Reading.NO_SEQ);
            });
        } else {
            DecodeResult.Rejected rejected = (DecodeResult.Rejected) result;
            assertThat(rejected.detail()).isNotEqualTo(ReadingDecoder.INTERNAL_ERROR_DETAIL).hasSizeLessThan(300)
                    .doesNotContainPattern("[\\x00-\\x1f]");
        }
    }
}
