package io.linegate.gateway.ingest.coap;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Writes SenML CBOR packs with RFC 8428's integer labels, for tests. */
final class SenmlCbor {

    private static final CBORFactory CBOR = new CBORFactory();

    private SenmlCbor() {
    }

    /** A pack: the first record carries {@code bn} and {@code bt}, each record a name and a value. */
    static byte[] pack(String baseName, double baseTimeSeconds, String[] names, double[] values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < names.length; i++) {
                g.writeStartObject();
                if (i == 0) {
                    g.writeFieldId(-2);
                    g.writeString(baseName);
                    g.writeFieldId(-3);
                    g.writeNumber(baseTimeSeconds);
                }
                g.writeFieldId(0);
                g.writeString(names[i]);
                g.writeFieldId(2);
                g.writeNumber(values[i]);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }
}
