package io.linegate.gateway.observe;

/**
 * A drift alert on a line, as the dashboard lists it.
 *
 * @param line      the line id
 * @param kind      {@code drift}
 * @param seq       seq of the window whose residual raised it
 * @param atMs      when it was raised, epoch ms
 * @param direction +1 the target drifted above the predictions, −1 below
 * @param message   the alert in a sentence
 */
public record AlertEvent(String line, String kind, long seq, long atMs, int direction, String message) {
}
