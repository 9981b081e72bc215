/**
 * Typed, validated configuration: the one YAML file read once at start into records
 * ({@link io.linegate.gateway.config.GatewayConfig}) that are passed down; nothing reads
 * config by string key after loading. Errors name the key and the reason.
 *
 * <p>Threads: loaded on the main thread; the records are immutable and shared freely.
 * May import {@code decode} value types (limits, payload formats, the id rule).
 */
package io.linegate.gateway.config;
