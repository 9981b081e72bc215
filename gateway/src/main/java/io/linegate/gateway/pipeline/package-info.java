/**
 * The line workers of DESIGN §2: readings handed off by transports are routed by
 * {@code floorMod(lineId.hashCode(), workers)} to single-threaded workers with bounded
 * queues; each worker owns its lines' windows and models and runs, per closed window,
 * predict-then-learn and the hand-off upstream. Also the one place rejected input is
 * counted by reason and sampled to the dead-letter stream. After each closed window a worker
 * publishes the line's immutable snapshot on the {@code observe} board; a what-if question is
 * queued to the line's worker like a batch and answered there.
 *
 * <p>Threads: {@link io.linegate.gateway.pipeline.LineWorkers#submit} is called on transport
 * threads and never blocks; everything else runs on a worker thread that owns it. May import
 * {@code aggregate}, {@code model}, {@code forward}, {@code config}, {@code decode},
 * {@code observe}.
 */
package io.linegate.gateway.pipeline;
