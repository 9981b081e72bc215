package io.linegate.gateway.config;

/** Upstream payload format: protobuf (default) or the canonical proto3 JSON mapping. */
public enum OutputFormat {
    PROTOBUF, JSON;

    public String id() {
        return ConfigNode.spelling(this);
    }
}
