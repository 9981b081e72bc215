package io.linegate.gateway.config;

import java.util.Locale;

/** Upstream payload format: protobuf (default) or the canonical proto3 JSON mapping. */
public enum OutputFormat {
    PROTOBUF, JSON;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OutputFormat byId(String id) {
        for (OutputFormat f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        return null;
    }
}
