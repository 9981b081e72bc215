package io.linegate.gateway.observe;

import java.util.Map;

/**
 * Gateway-wide counts at one moment, for the dashboard's gateway panel. Counters are
 * cumulative since start; the operator surface turns successive ones into rates.
 *
 * @param atMs               when they were read, epoch ms
 * @param readingsAccepted   readings added to a window
 * @param predictions        prediction messages made
 * @param rejectedByReason   rejected messages or readings by {@code RejectReason}
 * @param sensorsSubscribed  whether the sensor side is subscribed
 * @param upstreamConnected  whether upstream is connected
 * @param outboxPending      records waiting in the outbox for upstream
 * @param outboxBytes        bytes they take
 * @param lines              lines the gateway keeps state for
 * @param queued             readings waiting in line worker queues
 */
public record GatewayStats(long atMs, long readingsAccepted, long predictions, Map<String, Long> rejectedByReason,
                           boolean sensorsSubscribed, boolean upstreamConnected, long outboxPending,
                           long outboxBytes, int lines, int queued) {

    public GatewayStats {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    /** Nothing counted yet (a server started without a gateway, in tests). */
    public static GatewayStats empty(long atMs) {
        return new GatewayStats(atMs, 0, 0, Map.of(), false, false, 0, 0, 0, 0);
    }
}
