package io.linegate.sim;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * SenML CBOR packs (RFC 8428 §6, CoAP content-format 112): the same records as the JSON pack
 * of {@link PayloadEncoder}, with the integer labels of RFC 8428 Table 4 instead of names and
 * definite-length arrays and maps.
 *
 * <p>The first record carries {@code bn} (-2, the empty string: sensor ids are the names) and
 * {@code bt} (-3, epoch seconds); every record carries {@code n} (0) and {@code v} (2); records
 * of later ticks carry {@code t} (6, seconds after {@code bt}). Times and values are integers
 * when integral, else 64-bit floats (the nearest double to the exact millisecond, which a
 * receiver rounding to milliseconds reads back exactly).
 *
 * <p>Stateless; any thread (the factory is thread-safe).
 */
final class SenmlCbor {

    /** RFC 8428 Table 4. */
    static final int BASE_NAME = -2;
    static final int BASE_TIME = -3;
    static final int NAME = 0;
    static final int VALUE = 2;
    static final int TIME = 6;

    private static final CBORFactory FACTORY = new CBORFactory();

    private SenmlCbor() {
    }

    /** One pack with every reading of {@code ticks} (one line's, non-empty). */
    static byte[] encode(List<LineTick> ticks) {
        int records = 0;
        for (LineTick tick : ticks) {
            records += tick.readings().size();
        }
        long baseMs = ticks.get(0).tsMs();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 24 * records);
        try (CBORGenerator cbor = FACTORY.createGenerator(bytes)) {
            cbor.writeStartArray(ticks, records);
            boolean first = true;
            for (LineTick tick : ticks) {
                for (SimReading reading : tick.readings()) {
                    boolean timed = !first && tick.tsMs() != baseMs;
                    cbor.writeStartObject(reading, first ? 4 : timed ? 3 : 2);
                    if (first) {
                        cbor.writeFieldId(BASE_NAME);
                        cbor.writeString("");
                        cbor.writeFieldId(BASE_TIME);
                        writeSeconds(cbor, baseMs);
                    } else if (timed) {
                        cbor.writeFieldId(TIME);
                        writeSeconds(cbor, tick.tsMs() - baseMs);
                    }
                    cbor.writeFieldId(NAME);
                    cbor.writeString(reading.sensorId());
                    cbor.writeFieldId(VALUE);
                    writeNumber(cbor, reading.value());
                    cbor.writeEndObject();
                    first = false;
                }
            }
            cbor.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing CBOR to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static void writeSeconds(CBORGenerator cbor, long ms) throws IOException {
        if (ms % 1000 == 0) {
            cbor.writeNumber(ms / 1000);
        } else {
            cbor.writeNumber(ms / 1000.0);
        }
    }

    private static void writeNumber(CBORGenerator cbor, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            cbor.writeNumber((long) value);
        } else {
            cbor.writeNumber(value);
        }
    }
}
