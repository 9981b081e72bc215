/**
 * Simulated sensor fleet with known ground truth, used by the demo, by the gateway's
 * integration tests (as a library) and as a load driver.
 *
 * <p>Layers, pure to impure:
 * <ul>
 *   <li>{@link io.linegate.sim.FleetGenerator} draws a {@link io.linegate.sim.GroundTruth}
 *       per line and produces {@link io.linegate.sim.LineTick}s (feed, state, speed,
 *       efficiency) deterministically from a seed. No I/O, no threads, one owner.</li>
 *   <li>A {@link io.linegate.sim.Scenario} (part of the config) makes the data harder on
 *       purpose: {@link io.linegate.sim.Drift}s of the true coefficients, sensor
 *       {@link io.linegate.sim.Dropout}s, {@link io.linegate.sim.Stuck} sensors and
 *       {@link io.linegate.sim.Collinear} features; the ground truth then depends on event
 *       time ({@link io.linegate.sim.GroundTruth#at(java.time.Duration)}). The text forms
 *       of the command line are parsed by the records themselves.</li>
 *   <li>{@link io.linegate.sim.PayloadEncoder} turns a tick into MQTT
 *       {@link io.linegate.sim.SimMessage}s in one {@link io.linegate.sim.PayloadFormat}.
 *       Pure.</li>
 *   <li>{@link io.linegate.sim.Fleet} paces ticks on its own publisher thread and hands them,
 *       within a bounded in-flight window, to one transport ({@code MessageSink}): one Paho
 *       MQTT 5 client ({@code PahoSink}), or CoAP POSTs from simulated devices, each its own
 *       Californium endpoint ({@code CoapSink}, {@link io.linegate.sim.CoapTarget}, plain or
 *       DTLS with a PSK file); {@link io.linegate.sim.FleetConfig} is its validated
 *       configuration.</li>
 *   <li>{@link io.linegate.sim.SensorsSimCli} is the command line ({@code sensors-sim fleet}, and
 *       {@code sensors-sim bench} from {@code io.linegate.sim.bench}, the end-to-end benchmark).</li>
 * </ul>
 *
 * <p>Threads: the generator and encoder are confined to the fleet's publisher thread;
 * Paho's and Californium's callback threads only update counters and release in-flight
 * permits (CoAP retries wait on {@code sensors-sim-coap-retry}); the accessors on
 * {@code Fleet} may be called from any thread.
 *
 * <p>May import: {@code io.linegate.proto}, Paho MQTT v5, Eclipse Californium and Scandium,
 * Jackson (JSON, CBOR), picocli, SLF4J. Nothing from the gateway.
 */
package io.linegate.sim;
