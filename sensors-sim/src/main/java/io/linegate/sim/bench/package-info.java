/**
 * {@code sensors-sim bench}: an end-to-end benchmark of the gateway, run as a child process
 * against a real broker, compared in the same run with a no-op subscriber on the same broker.
 *
 * <p>Pieces, pure to impure:
 * <ul>
 *   <li>{@link io.linegate.sim.bench.PrometheusText}, {@link io.linegate.sim.bench.ProcStats},
 *       {@link io.linegate.sim.bench.GatewayYaml}, {@link io.linegate.sim.bench.RegressionCheck}:
 *       parsers, the generated gateway config and the CI verdict. Pure, any thread.</li>
 *   <li>{@link io.linegate.sim.bench.BenchLoad} publishes the simulated fleet through one or
 *       more Paho clients on the caller's thread; {@link io.linegate.sim.bench.MqttCounter}
 *       and {@link io.linegate.sim.bench.MosquittoSubCounter} count what a receiver got.</li>
 *   <li>{@link io.linegate.sim.bench.MosquittoBroker} and
 *       {@link io.linegate.sim.bench.GatewayProcess} start and stop child processes.</li>
 *   <li>{@link io.linegate.sim.bench.BenchRun} runs the phases;
 *       {@link io.linegate.sim.bench.BenchReport} prints the table and writes the JSON file;
 *       {@link io.linegate.sim.bench.BenchCommand} is the picocli command.</li>
 * </ul>
 *
 * <p>Threads: the phases run on the command's thread. Paho callback threads and the
 * {@code bench-mosquitto-sub} reader thread only update counters and never throw.
 *
 * <p>May import: {@code io.linegate.sim}, Paho MQTT v5, picocli, Jackson, HdrHistogram,
 * SLF4J. Nothing from the gateway: it is driven as a separate process, through its config
 * file, its MQTT topics and its HTTP endpoints.
 */
package io.linegate.sim.bench;
