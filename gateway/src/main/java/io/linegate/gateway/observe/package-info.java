/**
 * What the gateway shows its operators, as immutable values: a {@link
 * io.linegate.gateway.observe.LineBoard} of per-line snapshots that line workers publish after
 * each closed window (and the events that go with them), the recent {@link
 * io.linegate.gateway.observe.DeadLetterLog dead letters}, and the gateway-wide {@link
 * io.linegate.gateway.observe.GatewayStats}.
 *
 * <p>Threads: line workers and transport threads publish; the operator HTTP event loops read.
 * Nothing here blocks or holds a lock longer than a copy, and nothing here refers to a line's
 * mutable state: readers only ever see values a worker finished building. Imports nothing of
 * the gateway, so both {@code pipeline} (which publishes) and {@code http} (which reads) may
 * import it.
 */
package io.linegate.gateway.observe;
