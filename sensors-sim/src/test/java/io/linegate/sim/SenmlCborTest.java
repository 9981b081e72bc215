package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies the SenML CBOR packs: RFC 8428 integer labels (not text keys), definite lengths,
 * and the same records as the JSON pack when read back with Jackson CBOR.
 */
class SenmlCborTest {

    private static final long TS_MS = 1_764_340_000_123L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();

    private final FleetGenerator generator = new FleetGenerator(1, "L", 42, 0.5);
    private final PayloadEncoder cbor = new PayloadEncoder(PayloadFormat.SENML_CBOR, "sensors");
    private final PayloadEncoder json = new PayloadEncoder(PayloadFormat.SENML, "sensors");

    @Test
    void aTickIsOnePackPerLineWithTheSenmlCborContentType() {
        LineTick tick = generator.tick("L1", TS_MS);

        List<SimMessage> messages = cbor.encode(tick);

        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).topic()).isEqualTo("sensors/L1");
        assertThat(messages.get(0).lineId()).isEqualTo("L1");
        assertThat(messages.get(0).perSensor()).isFalse();
        assertThat(messages.get(0).contentType()).isEqualTo("application/senml+cbor");
        assertThat(messages.get(0).readings()).isEqualTo(4);
        assertThat(PayloadFormat.SENML_CBOR.coapContentFormat()).isEqualTo(112);
    }

    @Test
    void usesTheIntegerLabelsOfRfc8428WithDefiniteLengths() throws Exception {
        byte[] pack = cbor.encode(generator.tick("L1", TS_MS)).get(0).payload();

        // Array of 4 (0x84), first record a map of 4 (0xa4) whose first key is -2 (0x21, bn) = "" (0x60),
        // then -3 (0x22, bt) as a float64 (0xfb).
        assertThat(pack[0] & 0xff).isEqualTo(0x84);
        assertThat(pack[1] & 0xff).isEqualTo(0xa4);
        assertThat(pack[2] & 0xff).isEqualTo(0x21);
        assertThat(pack[3] & 0xff).isEqualTo(0x60);
        assertThat(pack[4] & 0xff).isEqualTo(0x22);
        assertThat(pack[5] & 0xff).isEqualTo(0xfb);
        assertThat(keysOf(pack)).containsExactly(List.of(-2, -3, 0, 2), List.of(0, 2), List.of(0, 2), List.of(0, 2));
    }

    @Test
    void decodesWithJacksonCborToTheSameRecordsAsTheJsonPack() throws Exception {
        LineTick tick = generator.tick("L1", TS_MS);

        JsonNode fromCbor = CBOR.readTree(cbor.encode(tick).get(0).payload());
        JsonNode fromJson = JSON.readTree(json.encode(tick).get(0).payload());

        assertThat(fromCbor).hasSize(4);
        assertThat(fromCbor.get(0).get("-2").textValue()).isEmpty();
        assertThat(fromCbor.get(0).get("-3").doubleValue()).isEqualTo(fromJson.get(0).get("bt").doubleValue())
                .isEqualTo(TS_MS / 1000.0);
        for (int i = 0; i < 4; i++) {
            SimReading reading = tick.readings().get(i);
            assertThat(fromCbor.get(i).get("0").textValue()).isEqualTo(reading.sensorId()).isEqualTo(fromJson.get(i).get("n").textValue());
            assertThat(fromCbor.get(i).get("2").doubleValue()).isEqualTo(reading.value()).isEqualTo(fromJson.get(i).get("v").doubleValue());
        }
    }

    @Test
    void batchesOfTicksCarryTimeOffsetsFromTheBaseTimeLikeTheJsonPack() throws Exception {
        List<LineTick> ticks = List.of(generator.tick("L1", TS_MS), generator.tick("L1", TS_MS + 250),
                generator.tick("L1", TS_MS + 1250));

        SimMessage pack = cbor.encodeBatch(ticks);

        assertThat(pack.readings()).isEqualTo(12);
        assertThat(WireReadings.decode(PayloadFormat.SENML_CBOR, "L1", null, pack.payload()))
                .isEqualTo(WireReadings.decode(PayloadFormat.SENML, "L1", null, json.encodeBatch(ticks).payload()))
                .extracting(WireReadings.Decoded::tsMs).containsExactly(TS_MS, TS_MS, TS_MS, TS_MS,
                        TS_MS + 250, TS_MS + 250, TS_MS + 250, TS_MS + 250, TS_MS + 1250, TS_MS + 1250, TS_MS + 1250, TS_MS + 1250);
        assertThat(keysOf(pack.payload()).get(4)).containsExactly(6, 0, 2);
    }

    @Test
    void integralValuesAndWholeSecondsAreWrittenAsIntegers() throws Exception {
        LineTick tick = new LineTick("L1", 1_764_340_000_000L, 1, List.of(new SimReading("L1", "state", 1, 1_764_340_000_000L, 1)));

        byte[] pack = cbor.encode(tick).get(0).payload();

        JsonNode record = CBOR.readTree(pack).get(0);
        assertThat(record.get("-3").isIntegralNumber()).isTrue();
        assertThat(record.get("-3").longValue()).isEqualTo(1_764_340_000L);
        assertThat(record.get("2").isIntegralNumber()).isTrue();
        assertThat(record.get("2").intValue()).isEqualTo(1);
    }

    /** The keys of every record as numbers (the raw-byte test shows they are CBOR integers, not text). */
    private static List<List<Integer>> keysOf(byte[] pack) throws Exception {
        List<List<Integer>> records = new ArrayList<>();
        try (JsonParser parser = new CBORFactory().createParser(pack)) {
            List<Integer> keys = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT) {
                    keys = new ArrayList<>();
                } else if (token == JsonToken.END_OBJECT) {
                    records.add(keys);
                } else if (token == JsonToken.FIELD_NAME) {
                    keys.add(Integer.parseInt(parser.currentName()));
                }
            }
        }
        return records;
    }
}
