package io.linegate.gateway.http;

import io.linegate.gateway.config.HttpToken;
import io.linegate.gateway.observe.DeadLetterLog;
import io.linegate.gateway.observe.GatewayStats;
import io.linegate.gateway.observe.LineBoard;
import io.linegate.gateway.observe.WhatIf;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the JSON API, the event stream and the dashboard read, and how they behave. Given to
 * {@link OperatorHttpServer#start} by the gateway's wiring.
 *
 * @param board          the lines' latest snapshots and their events
 * @param whatIf         asks a line's model on its worker
 * @param deadLetters    the recent dead letters
 * @param stats          gateway-wide counts; called on an event loop every {@code statsInterval}, so
 *                       it must be quick and must not block
 * @param token          the bearer token, empty for none (loopback only)
 * @param predictTimeout how long a what-if may wait for its line's worker before the answer is 503
 * @param heartbeat      how often an idle event stream gets a comment line
 * @param flushInterval  how often coalesced events go out (so at most 1/interval per line and kind)
 * @param statsInterval  how often a {@code stats} event goes out
 * @param sseBufferBytes bytes an event-stream client may leave unread before it is dropped
 * @param maxSseClients  event streams open at once; more are answered 503
 */
public record OperatorApi(LineBoard board, WhatIf whatIf, DeadLetterLog deadLetters, Supplier<GatewayStats> stats,
                          Optional<HttpToken> token, Duration predictTimeout, Duration heartbeat,
                          Duration flushInterval, Duration statsInterval, int sseBufferBytes, int maxSseClients) {

    public static final Duration DEFAULT_PREDICT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_FLUSH = Duration.ofMillis(250);
    public static final Duration DEFAULT_STATS = Duration.ofSeconds(1);
    public static final int DEFAULT_SSE_BUFFER_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_SSE_CLIENTS = 32;

    public OperatorApi {
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(whatIf, "whatIf");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(token, "token");
        positive("predictTimeout", predictTimeout);
        positive("heartbeat", heartbeat);
        positive("flushInterval", flushInterval);
        positive("statsInterval", statsInterval);
        if (sseBufferBytes < 1024) {
            throw new IllegalArgumentException("sseBufferBytes must be at least 1024. Found: " + sseBufferBytes);
        }
        if (maxSseClients < 1) {
            throw new IllegalArgumentException("maxSseClients must be greater than 0. Found: " + maxSseClients);
        }
    }

    /** The defaults for these sources, without a token. */
    public static OperatorApi of(LineBoard board, WhatIf whatIf, DeadLetterLog deadLetters,
                                 Supplier<GatewayStats> stats) {
        return new OperatorApi(board, whatIf, deadLetters, stats, Optional.empty(), DEFAULT_PREDICT_TIMEOUT,
                DEFAULT_HEARTBEAT, DEFAULT_FLUSH, DEFAULT_STATS, DEFAULT_SSE_BUFFER_BYTES, DEFAULT_MAX_SSE_CLIENTS);
    }

    /** No lines, no dead letters, nothing counted: health and metrics only. */
    public static OperatorApi none() {
        return of(new LineBoard(), WhatIf.NONE, new DeadLetterLog(1),
                () -> GatewayStats.empty(System.currentTimeMillis()));
    }

    /** This, requiring {@code token}. */
    public OperatorApi withToken(Optional<HttpToken> token) {
        return new OperatorApi(board, whatIf, deadLetters, stats, token, predictTimeout, heartbeat, flushInterval,
                statsInterval, sseBufferBytes, maxSseClients);
    }

    /** This, with other event-stream pacing and buffering (tests use short ones). */
    public OperatorApi withEvents(Duration heartbeat, Duration flushInterval, Duration statsInterval,
                                  int sseBufferBytes) {
        return new OperatorApi(board, whatIf, deadLetters, stats, token, predictTimeout, heartbeat, flushInterval,
                statsInterval, sseBufferBytes, maxSseClients);
    }

    /** This, with another what-if timeout. */
    public OperatorApi withPredictTimeout(Duration timeout) {
        return new OperatorApi(board, whatIf, deadLetters, stats, token, timeout, heartbeat, flushInterval,
                statsInterval, sseBufferBytes, maxSseClients);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be greater than 0. Found: " + d);
        }
    }
}
