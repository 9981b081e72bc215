/**
 * The operator HTTP surface of DESIGN §3.5 on Netty: {@code GET /healthz} (the process is
 * alive), {@code GET /readyz} (the gateway takes readings and can store what it makes),
 * {@code GET /metrics} (Prometheus text exposition of every meter, JVM and process ones
 * included), the JSON API over the lines ({@code /api/lines}, {@code /api/lines/{line}}, its
 * what-if {@code predict}, {@code /api/deadletters}), the Server-Sent Events of
 * {@code /api/events}, and the dashboard at {@code /} (files from the jar, uPlot from its
 * WebJar). Beyond loopback everything but the two probes requires the bearer token.
 * {@link io.linegate.gateway.http.OperatorMeters} composes the caller's meter registry with the
 * Prometheus one that {@code /metrics} scrapes.
 *
 * <p>Threads: one Netty boss thread ({@code linegate-http-boss-1}) accepts, two worker
 * threads ({@code linegate-http-worker-N}) decode and answer; they never block. A scrape,
 * which runs arbitrary gauge functions (the JVM binders read {@code /proc} and take thread
 * dumps), runs on one thread of its own ({@code linegate-http-scrape}) with a bounded queue. A
 * what-if runs on its line's worker and is answered back on the connection's event loop. One
 * event loop flushes the coalesced events to every event-stream client. Started and closed by
 * {@code app}, which owns the server; may import {@code config} and {@code observe} only: what it
 * reports comes in as immutable snapshots and functions, so it knows nothing of the stages it
 * reports on.
 */
package io.linegate.gateway.http;
