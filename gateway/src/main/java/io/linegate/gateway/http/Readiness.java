package io.linegate.gateway.http;

import java.util.List;
import java.util.Objects;

/**
 * Whether the gateway is ready for work, and if not, why: each problem names the part and the
 * reason, e.g. {@code sensors: not subscribed}. Computed on demand by whoever wires the server.
 *
 * @param problems why the gateway is not ready; empty when it is
 */
public record Readiness(List<String> problems) {

    public Readiness {
        problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    }

    public static Readiness ready() {
        return new Readiness(List.of());
    }

    public boolean isReady() {
        return problems.isEmpty();
    }

    /** The problems in one line, as {@code /readyz} reports them. */
    public String reason() {
        return String.join("; ", problems);
    }
}
