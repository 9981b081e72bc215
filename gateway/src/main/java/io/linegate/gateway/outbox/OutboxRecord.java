package io.linegate.gateway.outbox;

import java.util.Arrays;
import java.util.Objects;

/**
 * One outgoing MQTT message as stored in the {@link Outbox}.
 *
 * <p>Created by the outbox when {@link Outbox#peek(int)} reads a record back; an immutable value
 * apart from {@code payload}, which is a fresh array per peek and belongs to the receiver (the
 * outbox keeps no reference to it). Safe to hand to any thread.
 *
 * @param id          assigned by the outbox on append: positive, strictly increasing in append order,
 *                    also across restarts (the id of a record lost in a torn tail may be reused)
 * @param kind        what the message is, e.g. {@code prediction}, {@code model}, {@code deadletter}
 * @param key         ordering key, e.g. the line id; {@code ""} for none. Stored, not interpreted
 * @param topic       the upstream MQTT topic
 * @param payload     the message body
 * @param retained    whether the message is published retained
 * @param createdAtMs when the outbox accepted the record, epoch milliseconds of the outbox's clock
 */
public record OutboxRecord(long id, String kind, String key, String topic, byte[] payload, boolean retained,
        long createdAtMs) {

    public OutboxRecord {
        if (id <= 0) {
            throw new IllegalArgumentException("id must be greater than 0. Found: " + id);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (kind.isEmpty()) {
            throw new IllegalArgumentException("kind must not be empty");
        }
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboxRecord r && id == r.id && retained == r.retained && createdAtMs == r.createdAtMs
                && kind.equals(r.kind) && key.equals(r.key) && topic.equals(r.topic)
                && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind, key, topic, retained, createdAtMs) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "OutboxRecord[id=" + id + ", kind=" + kind + ", key=" + key + ", topic=" + topic
                + ", payloadBytes=" + payload.length + ", retained=" + retained + ", createdAtMs=" + createdAtMs + "]";
    }
}
