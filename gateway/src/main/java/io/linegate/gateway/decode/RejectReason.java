package io.linegate.gateway.decode;

/**
 * Why input was not accepted. Every rejected message or reading ends in exactly one of
 * these, is counted under it ({@code linegate_rejected_total{reason=...}}) and is sampled
 * to the dead-letter stream. The names are part of the external contract (DESIGN §3.4).
 */
public enum RejectReason {
    /** Bytes that do not parse as the format they claim or were sniffed as. */
    MALFORMED,
    /** A line or sensor id outside {@code [A-Za-z0-9_.-]{1,64}}, or a topic that names none. */
    BAD_ID,
    /** NaN or infinite value. */
    NOT_FINITE,
    /** Payload, JSON nesting/length or batch size beyond the configured limits. */
    TOO_LARGE,
    /** A payload whose format is not accepted where it arrived. */
    UNKNOWN_FORMAT,
    /** A reading for a window that had already closed (event time older than the lateness allows). */
    LATE,
    /**
     * A reading whose event time is further ahead of the gateway's clock than
     * {@code limits.maxFutureSkew}: accepting it would move the line's watermark so far that
     * every later reading became late.
     */
    FUTURE,
    /** A new line id beyond the configured cap on distinct lines. */
    LINE_LIMIT,
    /** A line worker's queue was full; the message was dropped (back-pressure policy). */
    OVERLOADED,
    /**
     * A reading whose {@code (line, sensor, seq)} was accepted a moment ago: a retransmission
     * (MQTT redelivery, a CoAP client posting again). Dropped once, counted, never an error to
     * the sender (CoAP still answers 2.04).
     */
    DUPLICATE
}
