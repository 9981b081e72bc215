package io.linegate.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.linegate.proto.Reading;
import io.linegate.proto.ReadingBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes payloads of every format back to readings, independently of the encoder (Jackson for
 * JSON and CBOR, the generated protobuf classes), so tests can compare what went over CoAP with
 * what went over MQTT.
 */
final class WireReadings {

    /** Unknown event time or sequence number (the format does not carry it). */
    static final long NONE = -1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();

    /** A reading as decoded from the wire. */
    record Decoded(String line, String sensor, double value, long tsMs, long seq) {
    }

    private WireReadings() {
    }

    /** Per-sensor formats need {@code sensor}; per-line formats ignore it. */
    static List<Decoded> decode(PayloadFormat format, String line, String sensor, byte[] payload) {
        try {
            return switch (format) {
                case NUMBER -> List.of(new Decoded(line, sensor, Double.parseDouble(new String(payload,
                        StandardCharsets.UTF_8)), NONE, NONE));
                case JSON -> {
                    JsonNode json = JSON.readTree(payload);
                    yield List.of(new Decoded(line, sensor, json.get("value").doubleValue(), json.get("ts").longValue(),
                            json.get("seq").longValue()));
                }
                case SENML -> senml(line, JSON.readTree(payload), "bn", "bt", "n", "v", "t");
                case SENML_CBOR -> senml(line, CBOR.readTree(payload), "-2", "-3", "0", "2", "6");
                case PROTOBUF -> {
                    List<Decoded> readings = new ArrayList<>();
                    ReadingBatch batch = ReadingBatch.parseFrom(payload);
                    for (Reading reading : batch.getReadingsList()) {
                        readings.add(new Decoded(batch.getLineId(), reading.getSensorId(), reading.getValue(),
                                reading.getTsMs(), reading.getSeq()));
                    }
                    yield readings;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 8428 resolution: base name and time carry over to later records. */
    private static List<Decoded> senml(String line, JsonNode pack, String bnKey, String btKey, String nKey, String vKey,
                                       String tKey) {
        List<Decoded> readings = new ArrayList<>();
        String baseName = "";
        double baseTime = 0;
        for (JsonNode record : pack) {
            if (record.has(bnKey)) {
                baseName = record.get(bnKey).textValue();
            }
            if (record.has(btKey)) {
                baseTime = record.get(btKey).doubleValue();
            }
            double time = baseTime + (record.has(tKey) ? record.get(tKey).doubleValue() : 0);
            readings.add(new Decoded(line, baseName + record.get(nKey).textValue(), record.get(vKey).doubleValue(),
                    Math.round(time * 1000), NONE));
        }
        return readings;
    }
}
