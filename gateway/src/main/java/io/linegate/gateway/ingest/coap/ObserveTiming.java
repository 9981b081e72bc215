package io.linegate.gateway.ingest.coap;

import java.time.Duration;
import java.util.Objects;

/**
 * How the observe client watches its relations.
 *
 * @param grace   how long after a notification's Max-Age ran out the client waits for the next
 *                one before it registers again (a restarted sensor has forgotten its observers)
 * @param check   how often relations are checked
 * @param backoff how long after a failed registration (error, timeout, refused) it tries again
 */
public record ObserveTiming(Duration grace, Duration check, Duration backoff) {

    public ObserveTiming {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(backoff, "backoff");
        if (check.isZero() || check.isNegative() || backoff.isZero() || backoff.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("check and backoff must be greater than 0, grace not negative. Found: "
                    + check + ", " + backoff + ", " + grace);
        }
    }

    /** 5 s grace after Max-Age, checked every second, 10 s between failed attempts. */
    public static ObserveTiming defaults() {
        return new ObserveTiming(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10));
    }
}
