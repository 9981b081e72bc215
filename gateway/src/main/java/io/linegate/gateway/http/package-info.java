/**
 * The operator HTTP surface of DESIGN §3.5 on Netty: {@code GET /healthz} (the process is
 * alive), {@code GET /readyz} (the gateway takes readings and can store what it makes) and
 * {@code GET /metrics} (Prometheus text exposition of every meter, JVM and process ones
 * included). {@link io.linegate.gateway.http.OperatorMeters} composes the caller's meter
 * registry with the Prometheus one that {@code /metrics} scrapes.
 *
 * <p>Threads: one Netty boss thread ({@code linegate-http-boss-1}) accepts, two worker
 * threads ({@code linegate-http-worker-N}) decode and answer; they never block. A scrape,
 * which runs arbitrary gauge functions (the JVM binders read {@code /proc} and take thread
 * dumps), runs on one thread of its own ({@code linegate-http-scrape}) with a bounded queue.
 * Started and closed by {@code app}, which owns the server; may import {@code config} only:
 * what it reports comes in as functions, so it knows nothing of the stages it reports on.
 */
package io.linegate.gateway.http;
