package io.linegate.gateway.config;

import io.linegate.gateway.decode.DecodeLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds that keep unknown or hostile input from exhausting the box ({@code limits}).
 *
 * @param maxLines             most distinct lines the gateway keeps state for
 * @param decode               payload size, JSON depth/string length, readings per batch
 * @param workers              line worker threads
 * @param queueCapacity        most readings waiting per line worker; beyond it messages are
 *                             dropped and counted ({@code OVERLOADED})
 * @param deadLettersPerSecond most dead-letter samples published per second (the rest are counted)
 * @param maxFutureSkew        how far ahead of the gateway clock a reading's event time may be
 *                             ({@code FUTURE} beyond it)
 */
public record LimitsConfig(int maxLines, DecodeLimits decode, int workers, int queueCapacity, int deadLettersPerSecond,
                           Duration maxFutureSkew) {

    public LimitsConfig {
        Objects.requireNonNull(decode, "decode");
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be greater than 0. Found: " + maxLines);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be greater than 0. Found: " + workers);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be greater than 0. Found: " + queueCapacity);
        }
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must not be negative. Found: " + maxFutureSkew);
        }
        if (deadLettersPerSecond < 0) {
            throw new IllegalArgumentException("deadLettersPerSecond must not be negative. Found: " + deadLettersPerSecond);
        }
    }
}
