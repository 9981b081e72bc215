package io.linegate.gateway.decode;

import static io.linegate.gateway.decode.DecodeResults.ARRIVAL_MS;
import static io.linegate.gateway.decode.DecodeResults.assertRejected;
import static io.linegate.gateway.decode.DecodeResults.readingsOf;
import static io.linegate.gateway.decode.DecodeResults.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Verifies that SenML CBOR (RFC 8428 §6, integer labels) resolves exactly like the same pack in
 * SenML JSON, and that bad CBOR is rejected, never thrown.
 */
class SenmlCborDecoderTest {

    private static final String LINE = "L1";
    private final ReadingDecoder decoder = new ReadingDecoder(DecodeLimits.defaults());

    /** Writes CBOR maps; {@code Integer} keys are written as integer labels, {@code String} keys as text. */
    private static byte[] cbor(Object[]... records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Object[] record : records) {
                g.writeStartObject();
                for (int i = 0; i < record.length; i += 2) {
                    if (record[i] instanceof Integer label) {
                        g.writeFieldId(label);
                    } else {
                        g.writeFieldName((String) record[i]);
                    }
                    Object value = record[i + 1];
                    if (value instanceof String s) {
                        g.writeString(s);
                    } else if (value instanceof Boolean b) {
                        g.writeBoolean(b);
                    } else if (value instanceof byte[] bytes) {
                        g.writeBinary(bytes);
                    } else {
                        g.writeNumber(((Number) value).doubleValue());
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    private DecodeResult line(byte[] payload) {
        return decoder.decodeLine(LINE, payload, PayloadFormat.SENML_CBOR, null, ARRIVAL_MS);
    }

    @Test
    void resolvesIntegerLabelsLikeTheSameJsonPack() throws IOException {
        byte[] pack = cbor(
                new Object[] {-1, 10, -2, "dev.", -3, 1.7643e9, -4, "W", -5, 100, 0, "feed", 1, "W", 2, 1.5, 6, 0.25},
                new Object[] {0, "state", 4, true, 7, 60, -6, 0},
                new Object[] {0, "speed", 2, -2, 6, 1, 5, 3, "note", "ignored"});
        String json = "[{\"bver\":10,\"bn\":\"dev.\",\"bt\":1.7643e9,\"bu\":\"W\",\"bv\":100,\"n\":\"feed\",\"u\":\"W\","
                + "\"v\":1.5,\"t\":0.25},{\"n\":\"state\",\"vb\":true,\"ut\":60,\"bs\":0},"
                + "{\"n\":\"speed\",\"v\":-2,\"t\":1,\"s\":3,\"note\":\"ignored\"}]";

        DecodeResult fromCbor = line(pack);

        assertThat(readingsOf(fromCbor)).hasSize(3)
                .isEqualTo(readingsOf(decoder.decodeLine(LINE, utf8(json), PayloadFormat.SENML, null, ARRIVAL_MS)));
        assertThat(readingsOf(fromCbor).get(0).sensorId()).isEqualTo("dev.feed");
        assertThat(readingsOf(fromCbor).get(0).value()).isEqualTo(101.5);
        assertThat(readingsOf(fromCbor).get(0).tsMs()).isEqualTo(1_764_300_000_250L);
        assertThat(readingsOf(fromCbor).get(1).value()).isEqualTo(1);
    }

    @Test
    void rejectsNotFiniteValues() throws IOException {
        assertRejected(line(cbor(new Object[] {0, "feed", 2, Double.NaN})), RejectReason.NOT_FINITE);
        assertRejected(line(cbor(new Object[] {0, "feed", 2, Double.POSITIVE_INFINITY})), RejectReason.NOT_FINITE);
    }

    @Test
    void rejectsStringAndDataValuesAsUnknownFormat() throws IOException {
        assertRejected(line(cbor(new Object[] {0, "feed", 3, "on"})), RejectReason.UNKNOWN_FORMAT);
        assertRejected(line(cbor(new Object[] {0, "feed", 8, new byte[] {1, 2}})), RejectReason.UNKNOWN_FORMAT);
    }

    @Test
    void ignoresIntegerLabelsOutsideTheTable() throws IOException {
        assertThat(readingsOf(line(cbor(new Object[] {0, "feed", 2, 1, 99, 5})))).hasSize(1);
    }

    @Test
    void rejectsBrokenCborAsMalformed() throws IOException {
        byte[] pack = cbor(new Object[] {0, "feed", 2, 1});

        assertThat(assertRejected(line(Arrays.copyOf(pack, pack.length - 3)), RejectReason.MALFORMED).detail())
                .contains("CBOR");
        assertRejected(line(new byte[] {(byte) 0xA1, 0x00, 0x61, 'x'}), RejectReason.MALFORMED);
        assertRejected(line(new byte[] {(byte) 0xFF}), RejectReason.MALFORMED);
        assertRejected(line(utf8("[{\"n\":\"feed\",\"v\":1}]")), RejectReason.MALFORMED);
    }

    @Test
    void rejectsPacksWithMoreRecordsThanTheLimit() throws IOException {
        ReadingDecoder small = new ReadingDecoder(new DecodeLimits(1 << 16, 16, 1024, 2));
        byte[] pack = cbor(new Object[] {0, "a", 2, 1}, new Object[] {0, "b", 2, 1}, new Object[] {0, "c", 2, 1});

        assertRejected(small.decodeLine(LINE, pack, PayloadFormat.SENML_CBOR, null, ARRIVAL_MS), RejectReason.TOO_LARGE);
    }

    @Test
    void perSensorPackTakesTheSensorFromThePathAndRefusesOtherNames() throws IOException {
        DecodeResult unnamed = decoder.decodeSensorPack(LINE, "feed", cbor(new Object[] {2, 7}), true, ARRIVAL_MS);
        DecodeResult other = decoder.decodeSensorPack(LINE, "feed", cbor(new Object[] {0, "speed", 2, 7}), true,
                ARRIVAL_MS);
        DecodeResult json = decoder.decodeSensorPack(LINE, "feed", utf8("[{\"n\":\"feed\",\"v\":7},{\"v\":8}]"), false,
                ARRIVAL_MS);

        assertThat(readingsOf(unnamed)).singleElement().satisfies(r -> {
            assertThat(r.sensorId()).isEqualTo("feed");
            assertThat(r.tsMs()).isEqualTo(ARRIVAL_MS);
        });
        assertRejected(other, RejectReason.BAD_ID);
        assertThat(readingsOf(json)).extracting(Reading::value).containsExactly(7.0, 8.0);
        assertRejected(decoder.decodeSensorPack(LINE, "bad id", utf8("[{\"v\":1}]"), false, ARRIVAL_MS),
                RejectReason.BAD_ID);
    }
}
