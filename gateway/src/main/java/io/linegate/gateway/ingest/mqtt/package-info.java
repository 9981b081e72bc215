/**
 * Readings in over MQTT (DESIGN §3.1): a Paho MQTT v5 subscriber that maps each topic to a
 * line (and sensor) with the configured pattern, decodes the payload and hands the readings
 * to the line workers.
 *
 * <p>Threads: Paho's callback thread runs {@code messageArrived}; it only decodes and hands
 * off, never blocks, never does I/O and never lets an exception escape (Paho would drop the
 * connection). May import {@code config}, {@code decode}, {@code pipeline}, {@code mqtt}.
 */
package io.linegate.gateway.ingest.mqtt;
