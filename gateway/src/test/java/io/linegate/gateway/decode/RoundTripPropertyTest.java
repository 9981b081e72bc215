package io.linegate.gateway.decode;

import static io.linegate.gateway.decode.DecodeArbitraries.SENML_ABSOLUTE_FROM_MS;
import static io.linegate.gateway.decode.DecodeArbitraries.YEAR_2100_MS;
import static io.linegate.gateway.decode.DecodeArbitraries.jsonNumber;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Verifies that valid readings survive every wire encoding: decode(encode(r)) equals r. */
class RoundTripPropertyTest {

    private static final String LINE = "line-1";
    private static final long ARRIVAL_MS = DecodeResults.ARRIVAL_MS;

    private final ReadingDecoder decoder = new ReadingDecoder(DecodeLimits.defaults());

    @Property
    void bareNumbersRoundTrip(@ForAll("finiteValues") double value) {
        byte[] payload = jsonNumber(value).getBytes(StandardCharsets.US_ASCII);

        assertThat(DecodeResults.onlyReadingOf(decoder.decodeSensor(LINE, "s", payload, PayloadFormat.AUTO, ARRIVAL_MS)))
                .isEqualTo(new Reading(LINE, "s", value, ARRIVAL_MS, Reading.NO_SEQ));
    }

    @Property
    void jsonObjectsRoundTrip(@ForAll("jsonReadings") Reading reading) {
        DecodeResult result = decoder.decodeSensor(LINE, reading.sensorId(), DecodeArbitraries.jsonObject(reading),
                PayloadFormat.AUTO, ARRIVAL_MS);

        assertThat(DecodeResults.onlyReadingOf(result)).isEqualTo(reading);
    }

    @Property(tries = 500)
    void protobufBatchesRoundTrip(@ForAll("protobufReadings") List<Reading> readings, @ForAll boolean namesLine) {
        byte[] payload = DecodeArbitraries.protobufBatch(namesLine ? LINE : "", readings);

        assertThat(DecodeResults.readingsOf(decoder.decodeLine(LINE, payload, PayloadFormat.AUTO, null, ARRIVAL_MS)))
                .isEqualTo(readings);
    }

    @Property(tries = 500)
    void senmlPacksRoundTripThroughBaseNameAndBaseTime(@ForAll("senmlPacks") SenmlCase pack) {
        DecodeResult result = decoder.decodeLine(LINE, pack.json().getBytes(StandardCharsets.UTF_8),
                PayloadFormat.AUTO, "application/senml+json", ARRIVAL_MS);

        assertThat(DecodeResults.readingsOf(result)).isEqualTo(pack.readings());
    }

    @Provide
    Arbitrary<Double> finiteValues() {
        return DecodeArbitraries.finiteValues();
    }

    @Provide
    Arbitrary<Reading> jsonReadings() {
        return Combinators.combine(DecodeArbitraries.ids(), DecodeArbitraries.finiteValues(),
                Arbitraries.longs().between(0, Long.MAX_VALUE), DecodeArbitraries.sequences())
                .as((sensor, value, ts, seq) -> new Reading(LINE, sensor, value, ts, seq));
    }

    @Provide
    Arbitrary<List<Reading>> protobufReadings() {
        // ts_ms 0 and seq 0 mean "unset" on the wire, so valid round-trip inputs avoid them.
        Arbitrary<Long> seqs = Arbitraries.oneOf(Arbitraries.just(Reading.NO_SEQ),
                Arbitraries.longs().between(1, Long.MAX_VALUE));
        return Combinators.combine(DecodeArbitraries.ids(), DecodeArbitraries.finiteValues(),
                Arbitraries.longs().between(1, Long.MAX_VALUE), seqs)
                .as((sensor, value, ts, seq) -> new Reading(LINE, sensor, value, ts, seq))
                .list().ofMinSize(1).ofMaxSize(10);
    }

    /** A SenML pack and the readings it must decode to. */
    record SenmlCase(String json, List<Reading> readings) {
    }

    @Provide
    Arbitrary<SenmlCase> senmlPacks() {
        Arbitrary<String> prefixes = Arbitraries.strings().withCharRange('a', 'z').withChars("._-").ofMaxLength(20);
        Arbitrary<String> suffixes = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9')
                .ofMaxLength(44);
        Arbitrary<Record> records = Combinators.combine(suffixes, DecodeArbitraries.finiteValues(),
                Arbitraries.longs().between(SENML_ABSOLUTE_FROM_MS + 1_000, YEAR_2100_MS))
                .as(Record::new);
        return Combinators.combine(prefixes, records.list().ofMinSize(1).ofMaxSize(10), Arbitraries.of(true, false))
                .as(RoundTripPropertyTest::senml)
                .filter(pack -> pack.readings() != null);
    }

    private record Record(String suffix, double value, long tsMs) {
    }

    /** Encodes records under base name {@code prefix}, times relative to a base time when asked. */
    private static SenmlCase senml(String prefix, List<Record> records, boolean useBaseTime) {
        long baseSeconds = useBaseTime ? records.get(0).tsMs() / 1000 : 0;
        StringBuilder json = new StringBuilder("[");
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Record record = records.get(i);
            String sensorId = prefix + record.suffix();
            if (!Ids.isValid(sensorId)) {
                return new SenmlCase("", null);
            }
            json.append(i == 0 ? "{" : ",{");
            if (i == 0 && !prefix.isEmpty()) {
                json.append("\"bn\":\"").append(prefix).append("\",");
            }
            if (i == 0 && useBaseTime) {
                json.append("\"bt\":").append(baseSeconds).append(',');
            }
            if (!record.suffix().isEmpty()) {
                json.append("\"n\":\"").append(record.suffix()).append("\",");
            }
            double t = (record.tsMs() - baseSeconds * 1000) / 1000.0;
            json.append("\"v\":").append(jsonNumber(record.value())).append(",\"t\":").append(jsonNumber(t)).append('}');
            readings.add(new Reading(LINE, sensorId, record.value(), record.tsMs(), Reading.NO_SEQ));
        }
        return new SenmlCase(json.append(']').toString(), readings);
    }
}
