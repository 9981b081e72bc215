package io.linegate.gateway.ingest.coap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.dtls.pskstore.MultiPskFileStore;

/**
 * Reads the PSK file of {@code sensors.coap.dtls.pskFile} into Scandium's {@link MultiPskFileStore}.
 * The format is Scandium's: one {@code identity=<base64 key>} (or {@code identity=:0x<hex key>})
 * per line, {@code #} comments and blank lines ignored. The file is parsed here rather than by
 * {@code MultiPskFileStore.loadPskCredentials}, because that logs a malformed line verbatim, key
 * included; errors here name the line number only, and no key is ever logged.
 */
final class PskFile {

    private PskFile() {
    }

    /**
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException naming the line of a malformed entry (never its content),
     *                                  or when the file has no entry
     */
    static MultiPskFileStore load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        MultiPskFileStore store = new MultiPskFileStore();
        Set<String> identities = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String where = file + " line " + (i + 1);
            if (equals <= 0) {
                throw new IllegalArgumentException(where + ": expected identity=<base64 key>");
            }
            String identity = line.substring(0, equals).strip();
            if (!identities.add(identity)) {
                throw new IllegalArgumentException(where + ": identity appears twice");
            }
            byte[] key = key(line.substring(equals + 1).strip(), where);
            try {
                store.addKey(identity, SecretUtil.create(key, "PSK"));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        if (store.size() == 0) {
            throw new IllegalArgumentException(file + ": no identity=<base64 key> entries");
        }
        return store;
    }

    private static byte[] key(String text, String where) {
        byte[] key;
        try {
            key = text.startsWith(":0x") ? hex(text.substring(3)) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // The decoder's message could quote the key: only say where.
            throw new IllegalArgumentException(where + ": key is not valid base64 (or :0x hex)");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException(where + ": key is empty");
        }
        return key;
    }

    private static byte[] hex(String text) {
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException("odd hex length");
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not hex");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
