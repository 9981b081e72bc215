package io.linegate.gateway.app;

import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.sim.Drift;
import io.linegate.sim.Fleet;
import io.linegate.sim.FleetConfig;
import io.linegate.sim.GroundTruth;
import io.linegate.sim.PayloadFormat;
import io.linegate.sim.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gateway demo}: an embedded broker, a simulated fleet with known ground truth and a
 * gateway, all in this process, with a table every few seconds of what the models learned.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run an embedded broker, a simulated fleet and the gateway; print what each line's model learns.")
final class DemoCommand implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--lines", defaultValue = "3", description = "Simulated lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--rate", defaultValue = "10",
            description = "Readings per sensor per second on each line (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the ground truth (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", defaultValue = "json",
            description = "Payload format the fleet publishes: number, json, senml, protobuf (default: ${DEFAULT-VALUE}).")
    PayloadFormat format;

    @Option(names = "--duration", defaultValue = "0s", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 60s or 5m; 0s runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--report-every", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often to print the table (default: ${DEFAULT-VALUE}).")
    Duration reportEvery;

    @Option(names = "--drift", defaultValue = "line=L2, at=2m, speed=+3",
            description = "A change of a line's true coefficients during the demo, as sensors-sim --drift takes it;"
                    + " 'none' for none (default: ${DEFAULT-VALUE}). Line L2 runs an rls model that reacts by"
                    + " forgetting faster, the others ols.")
    String drift;

    @Option(names = "--port", defaultValue = "1883",
            description = "MQTT port of the embedded broker; a free one is used when it is taken (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Port of the operator HTTP surface (dashboard, API, /metrics); a free one is used when it is"
                    + " taken (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--coap-port", defaultValue = "5683",
            description = "UDP port of the CoAP endpoint on 127.0.0.1; a free one is used when it is taken"
                    + " (default: ${DEFAULT-VALUE}).")
    int coapPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int brokerPort = portOrFree(port);
        if (brokerPort != port) {
            out.printf("port %d is taken; the embedded broker uses %d%n", port, brokerPort);
        }
        int operatorPort = portOrFree(httpPort);
        if (operatorPort != httpPort) {
            out.printf("port %d is taken; operator HTTP uses %d%n", httpPort, operatorPort);
        }
        int udpPort = udpPortOrFree(coapPort);
        if (udpPort != coapPort) {
            out.printf("UDP port %d is taken; CoAP uses %d%n", coapPort, udpPort);
        }
        Path storage = Files.createTempDirectory("linegate-demo");
        GatewayConfig config = ConfigLoader.parse("""
                gateway: {id: demo}
                sensors:
                  mqtt: {broker: embedded, subscriptions: ["sensors/#"], topicPattern: "sensors/{line}/{sensor}", qos: 1}
                  coap: {bind: 127.0.0.1, port: %d}
                lines:
                  defaults:
                    features: [feed, state, speed]
                    target: efficiency
                    window: 1s
                    lateness: 500ms
                    idleTimeout: 3s
                    model: {kind: ols}
                  L2:
                    model: {kind: rls, forgetting: 0.99}
                    drift: {reaction: forget}
                upstream: {broker: embedded, topicPrefix: linegate/demo, format: json, qos: 1}
                storage: {dir: "%s"}
                embeddedBroker: {host: 127.0.0.1, port: %d}
                http: {port: %d}
                """.formatted(udpPort, storage.toString().replace("\\", "/"), brokerPort, operatorPort));

        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                cleanedUp.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "linegate-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Starting embedded MQTT broker, gateway and simulated fleet…");
        out.flush();
        try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), new SimpleMeterRegistry());
             DemoMonitor monitor = new DemoMonitor(gateway.embeddedBrokerUri(), config.upstream().topicPrefix())) {
            monitor.start();
            FleetConfig fleetConfig = FleetConfig.builder()
                    .brokerUri(gateway.embeddedBrokerUri())
                    .lines(lines)
                    .ratePerSecond(rate)
                    .seed(seed)
                    .format(format)
                    .qos(1)
                    .realtime()
                    .scenario(drift.equalsIgnoreCase("none") ? Scenario.NONE
                            : new Scenario(Drift.parse(drift), List.of(), List.of(), List.of()))
                    .build();
            try (Fleet fleet = Fleet.start(fleetConfig, event -> {
                out.println(event.describe());
                out.flush();
            })) {
                List<GroundTruth> truths = fleet.groundTruth();
                out.println();
                out.println("Ground truth (efficiency = b0 + b·x + noise):");
                out.println(GroundTruth.table(truths));
                truths.forEach(t -> t.describeDrifts().forEach(d -> out.println("Scheduled drift: " + d)));
                out.printf("Broker %s — watch predictions with:%n  mosquitto_sub -p %d -t 'linegate/demo/#' -v%n",
                        gateway.embeddedBrokerUri(), brokerPort);
                out.printf("Dashboard: %s/%n", gateway.httpUrl());
                out.printf("CoAP: coap-client-notls -m post -t 50 -e '{\"value\":97.5}' coap://127.0.0.1:%d/lines/L1/sensors/feed%n",
                        udpPort);
                out.printf("Operator HTTP: %s/api/lines  %s/healthz  %s/readyz  %s/metrics%n%n", gateway.httpUrl(),
                        gateway.httpUrl(), gateway.httpUrl(), gateway.httpUrl());
                out.flush();
                long deadline = duration.isZero() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
                while (true) {
                    long remaining = deadline - System.nanoTime();
                    long wait = Math.min(reportEvery.toNanos(), Math.max(0, remaining));
                    boolean stopped = stop.await(wait, TimeUnit.NANOSECONDS);
                    out.printf("— %s — readings %,d published, gateway lines %d%n",
                            LocalTime.now().format(CLOCK), fleet.publishedReadings(), gateway.lines());
                    out.print(monitor.table(truths,
                            Duration.ofMillis(Math.max(0, System.currentTimeMillis() - fleet.startEpochMs()))));
                    out.println();
                    out.flush();
                    if (stopped || System.nanoTime() >= deadline) {
                        break;
                    }
                }
            }
        } finally {
            deleteQuietly(storage);
            out.println("Demo stopped.");
            out.flush();
            cleanedUp.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: we are stopping because of it
            }
        }
        return 0;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory: the OS cleans it up eventually
        }
    }

    private static int portOrFree(int wanted) throws IOException {
        try (ServerSocket probe = new ServerSocket(wanted, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException taken) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }

    private static int udpPortOrFree(int wanted) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(wanted, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException taken) {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return io.linegate.gateway.config.Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
