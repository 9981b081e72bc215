package io.linegate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code sensors.coap} into a {@link CoapSourceConfig} for {@link ConfigLoader}. A section
 * that is present turns its part on unless it says {@code enabled: false}; the PSK file must
 * exist and be readable (its contents are read only when the endpoint starts, and never logged).
 */
final class CoapConfigReader {

    private CoapConfigReader() {
    }

    static CoapSourceConfig read(ConfigNode sensors) {
        JsonNode raw = sensors.raw("coap");
        if (raw == null || raw.isNull()) {
            return CoapSourceConfig.disabled();
        }
        ConfigNode n = sensors.child("coap");
        boolean enabled = n.bool("enabled", true);
        String bind = n.string("bind", CoapSourceConfig.DEFAULT_BIND);
        int port = n.integer("port", CoapSourceConfig.DEFAULT_PORT, 0, 65535);
        int maxBodyBytes = n.integer("maxBodyBytes", CoapSourceConfig.DEFAULT_MAX_BODY_BYTES,
                CoapSourceConfig.MIN_BODY_BYTES, CoapSourceConfig.MAX_BODY_BYTES);
        CoapDtlsConfig dtls = readDtls(n, bind);
        List<ObserveTarget> observe = readObserve(n);
        n.rejectUnknownKeys();
        if (enabled && dtls.enabled() && port != 0 && port == dtls.port() && bind.equals(dtls.bind())) {
            throw new ConfigException(n.keyPath("dtls") + ".port", "must differ from " + n.keyPath("port")
                    + " on the same address. Found: " + port);
        }
        return ConfigLoader.wrap(n.path(),
                () -> new CoapSourceConfig(enabled, bind, port, maxBodyBytes, dtls, observe));
    }

    private static CoapDtlsConfig readDtls(ConfigNode coap, String defaultBind) {
        JsonNode raw = coap.raw("dtls");
        if (raw == null || raw.isNull()) {
            return CoapDtlsConfig.disabled();
        }
        ConfigNode n = coap.child("dtls");
        boolean enabled = n.bool("enabled", true);
        String bind = n.string("bind", defaultBind);
        int port = n.integer("port", CoapDtlsConfig.DEFAULT_PORT, 0, 65535);
        int cidLength = n.integer("cidLength", CoapDtlsConfig.DEFAULT_CID_LENGTH, 0, CoapDtlsConfig.MAX_CID_LENGTH);
        String pskText = n.string("pskFile", null);
        n.rejectUnknownKeys();
        Path pskFile = pskText == null ? null : Path.of(pskText);
        if (enabled) {
            checkPskFile(n.keyPath("pskFile"), pskFile);
        }
        return ConfigLoader.wrap(n.path(), () -> new CoapDtlsConfig(enabled, bind, port, pskFile, cidLength));
    }

    private static void checkPskFile(String key, Path file) {
        if (file == null) {
            throw new ConfigException(key, "is required when DTLS is enabled (keys are never written in this file)");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key, "no such file: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException(key, "cannot read " + file);
        }
    }

    private static List<ObserveTarget> readObserve(ConfigNode coap) {
        JsonNode list = coap.raw("observe");
        if (list == null || list.isNull()) {
            return List.of();
        }
        String key = coap.keyPath("observe");
        if (!list.isArray()) {
            throw new ConfigException(key, "must be a list of {uri, line, sensor}");
        }
        List<ObserveTarget> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigNode item = new ConfigNode(key + "[" + i + "]", list.get(i));
            String uriText = required(item, "uri");
            String line = required(item, "line");
            String sensor = required(item, "sensor");
            item.rejectUnknownKeys();
            URI uri;
            try {
                uri = new URI(uriText);
            } catch (URISyntaxException e) {
                throw new ConfigException(item.keyPath("uri"), "is not a URI: " + e.getReason() + ". Found: " + uriText);
            }
            out.add(ConfigLoader.wrap(item.path(), () -> new ObserveTarget(uri, line, sensor)));
        }
        return out;
    }

    private static String required(ConfigNode n, String key) {
        String value = n.string(key, null);
        if (value == null) {
            throw new ConfigException(n.keyPath(key), "is required");
        }
        return value;
    }
}
