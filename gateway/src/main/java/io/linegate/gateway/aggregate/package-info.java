/**
 * Per-line event-time windows: readings in, closed {@link io.linegate.gateway.aggregate.LineWindow}s
 * out (feature vector + target), with watermark, lateness and idle closing.
 *
 * <p>Threads: every object here is owned by the single line worker thread that owns its
 * line (DESIGN §2); nothing is shared, nothing locks. May import {@code config} and
 * {@code decode} value types; knows nothing of MQTT, CoAP, Netty or protobuf.
 */
package io.linegate.gateway.aggregate;
