/**
 * JMH micro-benchmarks of the gateway's per-message and per-window hot paths: decoding
 * ({@link io.linegate.bench.DecodeBenchmark}), event-time windows
 * ({@link io.linegate.bench.WindowBenchmark}) and the online models
 * ({@link io.linegate.bench.ModelBenchmark}).
 *
 * <p>Built into {@code bench/target/benchmarks.jar} by {@code ./mvnw package}; never run by the
 * build. Results and how they were taken are in {@code docs/BENCHMARKS.md}.
 *
 * <p>Threads: each benchmark runs on JMH's single measurement thread, which owns its state, as a
 * line worker owns its line. Inputs are generated in {@code @Setup} from fixed seeds (the
 * simulator's {@link io.linegate.sim.FleetGenerator} and encoder where a real payload exists), so
 * generation is not measured and runs are repeatable.
 *
 * <p>May import: the gateway's public types, the simulator, the generated protobuf types and JMH.
 */
package io.linegate.bench;
