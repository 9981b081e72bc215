package io.linegate.gateway.decode;

/**
 * How a subscription's payloads are to be read. A subscription either forces one format
 * or leaves it to {@link #AUTO}, which sniffs the payload (and, on per-line topics, the
 * MQTT 5 content type).
 */
public enum PayloadFormat {
    /** Decide per payload: content type first (per-line topics), then the leading bytes. */
    AUTO,
    /** A bare JSON number such as {@code 42.5}; per-sensor topics only. */
    NUMBER,
    /** A JSON object such as {@code {"value": 42.5, "ts": 1764340000123, "seq": 17}}; per-sensor topics only. */
    JSON,
    /** An RFC 8428 SenML JSON pack; per-line topics only. */
    SENML,
    /** A protobuf {@code linegate.v1.ReadingBatch}; per-line topics only. */
    PROTOBUF,
    /**
     * An RFC 8428 SenML CBOR pack (integer labels); per-line topics, and named explicitly
     * (CoAP content-format 112): never sniffed.
     */
    SENML_CBOR
}
