/**
 * Decode stage: the bytes of one MQTT message or CoAP request, plus the line (and sensor) its
 * topic or path names, become {@link io.linegate.gateway.decode.Reading}s or a
 * {@link io.linegate.gateway.decode.DecodeResult.Rejected} with a counted
 * {@link io.linegate.gateway.decode.RejectReason}. Bad input is a value here, never an
 * exception.
 *
 * <p>Entry point: {@link io.linegate.gateway.decode.ReadingDecoder}. Formats: a bare number and a
 * JSON object on per-sensor topics; SenML JSON and CBOR (RFC 8428) and protobuf {@code ReadingBatch} on
 * per-line topics. Every decoder is bounded by {@link io.linegate.gateway.decode.DecodeLimits}
 * (payload size, JSON depth and string length, readings per batch).
 *
 * <p>Threads: called on transport callback threads (Paho, Californium, Netty event loops),
 * concurrently. Everything here is immutable or stateless after construction, never blocks,
 * never does I/O and never lets an exception escape for any input.
 *
 * <p>May import: the JDK, Jackson streaming ({@code jackson-core}, and {@code jackson-dataformat-cbor} for SenML CBOR), protobuf-java and the
 * generated {@code io.linegate.proto} types (with {@code forward}, the only packages that touch
 * protobuf), SLF4J. Must not import MQTT, CoAP or Netty types, nor other gateway stages.
 */
package io.linegate.gateway.decode;
