package io.linegate.gateway.decode;

import io.linegate.proto.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators shared by the decode property tests: valid readings, their encodings, and mutants. */
final class DecodeArbitraries {

    /** 2^28 seconds, in milliseconds: SenML times from here on are absolute. */
    static final long SENML_ABSOLUTE_FROM_MS = 268_435_456_000L;
    /** 2100-01-01T00:00:00Z; seconds-as-double keep millisecond precision well beyond this. */
    static final long YEAR_2100_MS = 4_102_444_800_000L;

    private DecodeArbitraries() {
    }

    static Arbitrary<String> ids() {
        return Arbitraries.strings()
                .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars("_.-")
                .ofMinLength(1).ofMaxLength(Ids.MAX_LENGTH);
    }

    /** Any finite double, including extremes, subnormals and -0.0, not just short decimals. */
    static Arbitrary<Double> finiteValues() {
        Arbitrary<Double> anyBits = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        return Arbitraries.oneOf(Arbitraries.doubles(), anyBits,
                Arbitraries.of(0.0, -0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 1.0));
    }

    static Arbitrary<Long> sequences() {
        return Arbitraries.oneOf(Arbitraries.just(Reading.NO_SEQ), Arbitraries.longs().between(0, Long.MAX_VALUE));
    }

    /** A JSON number literal for a finite double (Java's shortest round-tripping form is valid JSON). */
    static String jsonNumber(double value) {
        return Double.toString(value);
    }

    static byte[] jsonObject(Reading reading) {
        StringBuilder json = new StringBuilder("{\"value\": ").append(jsonNumber(reading.value()))
                .append(", \"ts\": ").append(reading.tsMs());
        if (reading.seq() != Reading.NO_SEQ) {
            json.append(", \"seq\": ").append(reading.seq());
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] protobufBatch(String lineId, List<Reading> readings) {
        ReadingBatch.Builder batch = ReadingBatch.newBuilder().setLineId(lineId);
        for (Reading reading : readings) {
            batch.addReadingsBuilder()
                    .setSensorId(reading.sensorId())
                    .setValue(reading.value())
                    .setTsMs(reading.tsMs())
                    .setSeq(reading.seq() == Reading.NO_SEQ ? 0 : reading.seq());
        }
        return batch.build().toByteArray();
    }

    /** Valid payloads of every format, for mutation. */
    static Arbitrary<byte[]> validPayloads() {
        Arbitrary<Reading> readings = Combinators.combine(ids(), finiteValues(),
                Arbitraries.longs().between(1, YEAR_2100_MS), sequences())
                .as((sensor, value, ts, seq) -> new Reading("line-1", sensor, value, ts, seq));
        Arbitrary<byte[]> numbers = finiteValues().map(v -> jsonNumber(v).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> objects = readings.map(DecodeArbitraries::jsonObject);
        Arbitrary<byte[]> batches = readings.list().ofMinSize(1).ofMaxSize(5)
                .map(list -> protobufBatch("line-1", list));
        Arbitrary<byte[]> packs = Arbitraries.of(
                "[{\"bn\":\"press.\",\"bt\":1764340000,\"bu\":\"Cel\",\"n\":\"t\",\"v\":21.5},{\"n\":\"on\",\"vb\":true,\"t\":-2}]",
                "[{\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"bv\":2,\"v\":3,\"s\":1,\"ut\":5}]",
                "[{\"bver\":10,\"bn\":\"x\",\"v\":1e3,\"t\":1764340000.5}]")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(numbers, objects, batches, packs);
    }

    /**
     * Payloads that are structurally plausible but wrong in detail: SenML packs and JSON objects
     * with known and unknown fields holding values of every JSON type, and protobuf batches with
     * ids, values, times and sequences from both sides of every rule.
     */
    static Arbitrary<byte[]> plausiblePayloads() {
        Arbitrary<String> anyJsonValue = Arbitraries.recursive(
                DecodeArbitraries::jsonScalars,
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(3).map(list -> "[" + String.join(",", list) + "]"),
                        inner.list().ofMaxSize(3).map(list -> {
                            StringBuilder object = new StringBuilder("{");
                            for (int i = 0; i < list.size(); i++) {
                                object.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(list.get(i));
                            }
                            return object.append('}').toString();
                        })),
                0, 3);
        Arbitrary<String> senmlLabels = Arbitraries.of("bn", "bt", "bu", "bv", "bs", "bver", "n", "u", "v", "vs", "vb",
                "vd", "s", "t", "ut", "l", "x_", "value");
        Arbitrary<String> senmlFields = Combinators.combine(senmlLabels, anyJsonValue)
                .as((label, value) -> "\"" + label + "\":" + value);
        Arbitrary<String> senmlRecords = senmlFields.list().ofMaxSize(6).map(f -> "{" + String.join(",", f) + "}");
        Arbitrary<String> senmlPacks = senmlRecords.list().ofMaxSize(6).map(r -> "[" + String.join(",", r) + "]");

        Arbitrary<String> jsonLabels = Arbitraries.of("value", "ts", "seq", "unit", "value");
        Arbitrary<String> jsonFields = Combinators.combine(jsonLabels, anyJsonValue)
                .as((label, value) -> "\"" + label + "\":" + value);
        Arbitrary<String> jsonObjects = jsonFields.list().ofMaxSize(4).map(f -> "{" + String.join(",", f) + "}");

        return Arbitraries.oneOf(
                senmlPacks.map(text -> text.getBytes(StandardCharsets.UTF_8)),
                jsonObjects.map(text -> text.getBytes(StandardCharsets.UTF_8)),
                plausibleBatches());
    }

    private static Arbitrary<String> jsonScalars() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "-1", "1.5", "1e999", "-1e999", "NaN", "Infinity", "268435455", "268435456",
                        "1764340000.5", "1764340000123", "9223372036854775807", "9223372036854775808", "-0",
                        "1e-400", "true", "false", "null", "\"\"", "\"temp\"", "\"bad id\"", "\"a/b\"",
                        "\"" + "x".repeat(70) + "\""),
                ids().map(id -> "\"" + id + "\""),
                finiteValues().map(DecodeArbitraries::jsonNumber));
    }

    private static Arbitrary<byte[]> plausibleBatches() {
        Arbitrary<String> sensorIds = Arbitraries.oneOf(ids(), Arbitraries.of("", "bad id", "x".repeat(65), "ünï"));
        Arbitrary<Double> values = Arbitraries.oneOf(finiteValues(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        Arbitrary<io.linegate.proto.Reading> readings = Combinators.combine(sensorIds, values,
                Arbitraries.longs(), Arbitraries.longs())
                .as((sensor, value, ts, seq) -> io.linegate.proto.Reading.newBuilder()
                        .setSensorId(sensor).setValue(value).setTsMs(ts).setSeq(seq).build());
        return Combinators.combine(Arbitraries.of("", "line-1", "line-2", "bad line"), readings.list().ofMaxSize(4))
                .as((line, list) -> ReadingBatch.newBuilder().setLineId(line).addAllReadings(list).build().toByteArray());
    }

    /** Valid payloads with a few random edits: flipped, replaced, inserted or removed bytes, cuts. */
    static Arbitrary<byte[]> mutatedPayloads() {
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.integers().between(0, 4), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.bytes(), Arbitraries.integers().between(1, 8))
                .as(Mutation::new);
        return Combinators.combine(validPayloads(), mutation.list().ofMinSize(1).ofMaxSize(4))
                .as((payload, mutations) -> {
                    byte[] mutated = payload;
                    for (Mutation m : mutations) {
                        mutated = m.applyTo(mutated);
                    }
                    return mutated;
                });
    }

    /** One edit of a payload; {@code kind} picks the edit, {@code position} is taken modulo the length. */
    record Mutation(int kind, int position, byte b, int length) {
        byte[] applyTo(byte[] payload) {
            if (payload.length == 0) {
                return new byte[] {b};
            }
            int at = position % payload.length;
            return switch (kind) {
                case 0 -> {
                    byte[] copy = payload.clone();
                    copy[at] ^= (byte) (1 << (length % 8));
                    yield copy;
                }
                case 1 -> {
                    byte[] copy = payload.clone();
                    copy[at] = b;
                    yield copy;
                }
                case 2 -> {
                    byte[] copy = new byte[payload.length + 1];
                    System.arraycopy(payload, 0, copy, 0, at);
                    copy[at] = b;
                    System.arraycopy(payload, at, copy, at + 1, payload.length - at);
                    yield copy;
                }
                case 3 -> {
                    int end = Math.min(payload.length, at + length);
                    byte[] copy = new byte[payload.length - (end - at)];
                    System.arraycopy(payload, 0, copy, 0, at);
                    System.arraycopy(payload, end, copy, at, payload.length - end);
                    yield copy;
                }
                default -> Arrays.copyOf(payload, at);
            };
        }
    }
}
