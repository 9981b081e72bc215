package io.linegate.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What a line does with a window in which a feature has no reading ({@code lines.<line>.missing}).
 *
 * @param policy       {@code skip} (default): no prediction value and no learning, counted;
 *                     {@code carry-forward}: predict with the feature's last window value if it is
 *                     at most {@code maxStaleness} old; the prediction names the carried features.
 *                     Either way the model learns only from windows whose features were all observed.
 * @param maxStaleness how old a carried value may be, measured between window ends (default 10s)
 */
public record MissingConfig(Policy policy, Duration maxStaleness) {

    /** Unless configured. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(10);

    /** The policies, as written in config ({@code carry-forward}). */
    public enum Policy {
        SKIP, CARRY_FORWARD
    }

    public MissingConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        if (maxStaleness.isNegative()) {
            throw new IllegalArgumentException("maxStaleness must not be negative. Found: " + maxStaleness);
        }
    }

    public static MissingConfig defaults() {
        return new MissingConfig(Policy.SKIP, DEFAULT_MAX_STALENESS);
    }
}
