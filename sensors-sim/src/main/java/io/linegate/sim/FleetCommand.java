package io.linegate.sim;

import io.linegate.sim.CliConverters.DurationConverter;
import io.linegate.sim.CliConverters.FormatConverter;
import io.linegate.sim.CliConverters.FormatNames;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sensors-sim fleet}: publishes a simulated fleet until its duration or tick limit is
 * reached, or until Ctrl-C. Prints the ground truth first (with the scenario's drifts and
 * their times), a progress line every few seconds, the new truth whenever a drift takes
 * effect, and a summary at the end. Runs on the main thread; progress is printed from a
 * daemon thread and drifts from the fleet's publisher thread, Ctrl-C is handled by a
 * shutdown hook that stops the fleet and waits for the summary.
 */
@Command(name = "fleet",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Publish readings of simulated production lines to an MQTT broker, or POST them to a CoAP server.",
            "Each line publishes feed, state, speed and efficiency per tick, where",
            "efficiency = intercept + b_feed*feed + b_state*state + b_speed*speed + noise,",
            "with per-line coefficients drawn from the seed and printed at start.",
            "Scenario options (--drift, --dropout, --stuck, --collinear) count time from the first tick."})
final class FleetCommand implements Callable<Integer> {

    /** Config field names in validation messages, as the options the user typed. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(
            Map.entry("brokerUri", "--broker"), Map.entry("clientId", "--client-id"), Map.entry("lines", "--lines"),
            Map.entry("linePrefix", "--line-prefix"), Map.entry("topicPrefix", "--topic-prefix"),
            Map.entry("ratePerSecond", "--rate"), Map.entry("format", "--format"), Map.entry("qos", "--qos"),
            Map.entry("duration", "--duration"), Map.entry("maxTicks", "--max-ticks"),
            Map.entry("noiseStdDev", "--noise"), Map.entry("maxInFlight", "--max-in-flight"),
            Map.entry("connectTimeout", "--connect-timeout"), Map.entry("startEpochMs", "--start"),
            Map.entry("drift", "--drift"), Map.entry("dropout", "--dropout"), Map.entry("stuck", "--stuck"),
            Map.entry("collinear", "--collinear"));

    /** Starts a fleet; tests give one that publishes into memory. */
    @FunctionalInterface
    interface Starter {
        Fleet start(FleetConfig config, Consumer<DriftEvent> onDrift);
    }

    private final Starter starter;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ScenarioOptions scenario;

    @Mixin
    private CoapOptions transport;

    FleetCommand() {
        this(Fleet::start);
    }

    FleetCommand(Starter starter) {
        this.starter = starter;
    }

    @Option(names = "--broker", paramLabel = "URL", defaultValue = "tcp://127.0.0.1:1883",
            description = "MQTT broker, e.g. tcp://localhost:1883 or ssl://broker:8883; ws:// and wss:// work too (default: ${DEFAULT-VALUE}).")
    private String broker;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "3",
            description = "Number of production lines (default: ${DEFAULT-VALUE}).")
    private int lines;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "10",
            description = "Ticks per second per line; each tick is one reading per sensor (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the ground truth and of every reading (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json", converter = FormatConverter.class,
            completionCandidates = FormatNames.class,
            description = "Payload format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). number and json publish"
                    + " on <prefix>/<line>/<sensor>, senml and protobuf on <prefix>/<line>; senml-cbor is CoAP only.")
    private PayloadFormat format;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "0", converter = DurationConverter.class,
            description = "Simulated time to publish, e.g. 500ms, 30s, 5m, 1h; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--max-ticks", paramLabel = "N", defaultValue = "0",
            description = "Stop after N ticks per line; 0 = no limit (default: ${DEFAULT-VALUE}).")
    private long maxTicks;

    @Option(names = "--qos", paramLabel = "0|1", defaultValue = "1",
            description = "MQTT QoS of every publish (default: ${DEFAULT-VALUE}).")
    private int qos;

    @Option(names = "--noise", paramLabel = "SD", defaultValue = "0.5",
            description = "Standard deviation of the Gaussian noise on efficiency, the target (default: ${DEFAULT-VALUE}).")
    private double noise;

    @Option(names = "--line-prefix", paramLabel = "TEXT", defaultValue = "L",
            description = "Line ids are this prefix and 1..N (default: ${DEFAULT-VALUE}).")
    private String linePrefix;

    @Option(names = "--topic-prefix", paramLabel = "TOPIC", defaultValue = "sensors",
            description = "First topic level(s) (default: ${DEFAULT-VALUE}).")
    private String topicPrefix;

    @Option(names = "--accelerated",
            description = "Synthetic event time: tick k is stamped start + k/rate and ticks are published as fast as"
                    + " the broker acknowledges them. Not with --format number.")
    private boolean accelerated;

    @Option(names = "--start", paramLabel = "TIME",
            description = "Event time of the first tick with --accelerated: ISO-8601 instant or epoch milliseconds"
                    + " (default: now, whole seconds).")
    private String start;

    @Option(names = "--client-id", paramLabel = "ID", description = "MQTT client id (default: sensors-sim-<random>).")
    private String clientId;

    @Option(names = "--username", paramLabel = "USER", description = "MQTT user name (default: anonymous).")
    private String username;

    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "${env:SENSORS_SIM_PASSWORD}",
            description = "MQTT password (default: environment variable SENSORS_SIM_PASSWORD).")
    private String password;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "1000",
            description = "Publishes (CoAP: requests over all devices) not yet acknowledged at most; also capped by the"
                    + " broker (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(names = "--connect-timeout", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for the broker at start (default: ${DEFAULT-VALUE}).")
    private Duration connectTimeout;

    @Option(names = "--progress-interval", paramLabel = "D", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often to print a progress line; 0 = never (default: ${DEFAULT-VALUE}).")
    private Duration progressInterval;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FleetConfig config = config(Clock.systemUTC());
        ScenarioOptions.DriftPrinter drifts = new ScenarioOptions.DriftPrinter(out);
        Fleet fleet;
        try {
            fleet = starter.start(config, drifts::print);
        } catch (FleetException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
        out.println("Ground truth (seed " + config.seed() + "): " + SensorIds.TARGET
                + " = intercept + sum(b * feature) + N(0, noise-sd^2) per tick");
        out.print(GroundTruth.table(fleet.groundTruth()));
        ScenarioOptions.printStart(out, config, fleet.groundTruth(), fleet.startEpochMs());
        out.println(describe(config));
        out.flush();
        drifts.headerPrinted();
        return runToEnd(fleet, out, err);
    }

    private int runToEnd(Fleet fleet, PrintWriter out, PrintWriter err) throws InterruptedException {
        CountDownLatch summaryPrinted = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            fleet.stop();
            try {
                if (!summaryPrinted.await(8, TimeUnit.SECONDS)) {
                    fleet.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sensors-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService progress = startProgress(fleet, out);
        String failure = null;
        try {
            fleet.completion().get();
        } catch (ExecutionException e) {
            failure = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        } finally {
            if (progress != null) {
                progress.shutdownNow();
            }
            fleet.close();
            FleetProgress end = fleet.progress();
            out.println(ProgressLine.summary(end));
            fleet.coapOutcomes().ifPresent(outcomes -> out.println(outcomes.summary(end.elapsed())));
            out.flush();
            summaryPrinted.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down (Ctrl-C); the hook is running.
            }
        }
        if (failure != null) {
            err.println("error: " + failure);
            err.flush();
            return 1;
        }
        return 0;
    }

    private ScheduledExecutorService startProgress(Fleet fleet, PrintWriter out) {
        if (progressInterval.isZero()) {
            return null;
        }
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sensors-sim-progress");
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<FleetProgress> previous = new AtomicReference<>(fleet.progress());
        long periodMs = Math.max(100, progressInterval.toMillis());
        progress.scheduleAtFixedRate(() -> {
            FleetProgress current = fleet.progress();
            out.println(ProgressLine.progress(previous.getAndSet(current), current));
            out.flush();
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return progress;
    }

    private FleetConfig config(Clock clock) {
        try {
            FleetConfig.Builder builder = FleetConfig.builder()
                    .brokerUri(broker).clientId(clientId).credentials(username, password)
                    .lines(lines).linePrefix(linePrefix).topicPrefix(topicPrefix)
                    .ratePerSecond(rate).seed(seed).format(format).qos(qos)
                    .duration(duration).maxTicks(maxTicks).noiseStdDev(noise)
                    .maxInFlight(maxInFlight).connectTimeout(connectTimeout);
            scenario.applyTo(builder);
            builder.coap(transport.target(format));
            if (accelerated) {
                builder.accelerated(startEpochMs(clock));
            } else if (start != null) {
                throw new IllegalArgumentException("--start needs --accelerated");
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), asOptions(e.getMessage()));
        }
    }

    private long startEpochMs(Clock clock) {
        if (start == null) {
            return clock.millis() / 1000 * 1000;
        }
        try {
            return Long.parseLong(start.trim());
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(start.trim()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--start must be an ISO-8601 instant (2025-11-28T14:00:00Z) or epoch"
                        + " milliseconds. Found: " + start);
            }
        }
    }

    private static String describe(FleetConfig config) {
        if (config.coap() != null) {
            return describeCoap(config);
        }
        String topics = config.topicPrefix() + (config.format().perLine() ? "/<line>" : "/<line>/<sensor>");
        String until = config.tickLimit() == 0 ? "until Ctrl-C" : config.tickLimit() + " ticks per line";
        return String.format(Locale.ROOT, "Publishing %d line%s x %s ticks/s as %s to %s on %s (QoS %d, %s), %s.",
                config.lines(), config.lines() == 1 ? "" : "s", PayloadEncoder.number(config.ratePerSecond()),
                config.format().cliName(), config.brokerUri(), topics, config.qos(), config.eventTime().describe(), until);
    }

    private static String describeCoap(FleetConfig config) {
        CoapTarget coap = config.coap();
        String paths = config.format().perLine() ? "/lines/<line>" : "/lines/<line>/sensors/<sensor>";
        String until = config.tickLimit() == 0 ? "until Ctrl-C" : config.tickLimit() + " ticks per line";
        return String.format(Locale.ROOT, "Sending %d line%s x %s ticks/s as %s (content-format %d) to %s%s from %d"
                        + " device%s (%s, %d in flight per device, %s), %s.", config.lines(), config.lines() == 1 ? "" : "s",
                PayloadEncoder.number(config.ratePerSecond()), config.format().cliName(),
                config.format().coapContentFormat(), coap.uri(), paths, coap.devices(), coap.devices() == 1 ? "" : "s",
                coap.confirmable() ? "CON" : "NON", coap.inFlightPerDevice(), config.eventTime().describe(), until);
    }

    private static String asOptions(String message) {
        for (Map.Entry<String, String> entry : OPTION_OF_FIELD.entrySet()) {
            if (message.startsWith(entry.getKey() + " ")) {
                return entry.getValue() + message.substring(entry.getKey().length());
            }
        }
        return message;
    }
}
