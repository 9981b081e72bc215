/**
 * Paho MQTT v5 plumbing shared by the reading source ({@code ingest.mqtt}) and the upstream
 * publisher ({@code forward}): one long-lived client per role that connects, retries with
 * backoff until the first connect succeeds, and lets Paho reconnect after that.
 *
 * <p>Threads: Paho's own threads run the callbacks; the retry runs on a scheduler owned by
 * the connection. May import Paho only.
 */
package io.linegate.gateway.mqtt;
