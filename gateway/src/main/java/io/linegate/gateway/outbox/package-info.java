/**
 * The outbox: the local durable store between the line workers and the upstream publisher
 * (DESIGN §4). Every prediction, model summary and dead letter is appended to the
 * {@link io.linegate.gateway.outbox.Outbox} before it is published, and removed only when the
 * upstream broker has acknowledged it, so an accepted message reaches upstream at least once
 * across upstream outages, restarts and {@code kill -9}.
 *
 * <p>On disk: a directory of append-only segment files, each record framed with its length and a
 * CRC32C; an acknowledgement checkpoint replaced atomically; a lock file. No database. Opening
 * cuts off a torn tail instead of failing. The store is bounded by bytes and by age, and every
 * record it gives up on is counted in {@code linegate.outbox.dropped{reason}}.
 *
 * <p>Threads: line workers append concurrently (a single lock; fsyncs shared by group commit);
 * the upstream publisher thread peeks, rewinds and acknowledges; acknowledgements may also come
 * from Paho callback threads and never touch the disk. The outbox runs one daemon thread of its
 * own for syncing, checkpointing and deleting. Everything but {@code Outbox}, its config and
 * record types and the two policy enums is package-private and used under the outbox's lock.
 *
 * <p>Imports: the JDK, SLF4J and Micrometer only. Payloads are opaque bytes: nothing here knows
 * MQTT clients, protobuf, configuration files or the pipeline's types; {@code forward} encodes
 * messages and {@code app} maps configuration onto {@link io.linegate.gateway.outbox.OutboxConfig}.
 */
package io.linegate.gateway.outbox;
