/**
 * Upstream: turns closed windows, model states and rejected input into the wire messages
 * of DESIGN §3.4 ({@code Prediction}, {@code ModelSummary}, {@code DeadLetter}) and
 * publishes them to the upstream MQTT broker.
 *
 * <p>Threads: line workers and transport threads hand messages to
 * {@link io.linegate.gateway.forward.UpstreamPublisher} without blocking; one publisher
 * thread owns the hand-off to Paho. May import {@code aggregate}, {@code model},
 * {@code config}, {@code decode} value types, protobuf and Paho; one of only two packages
 * that touch protobuf types.
 */
package io.linegate.gateway.forward;
