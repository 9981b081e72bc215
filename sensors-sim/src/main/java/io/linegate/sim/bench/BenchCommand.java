package io.linegate.sim.bench;

import io.linegate.sim.CliConverters.DurationConverter;
import io.linegate.sim.CliConverters.FormatConverter;
import io.linegate.sim.CliConverters.FormatNames;
import io.linegate.sim.DurationText;
import io.linegate.sim.PayloadFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code sensors-sim bench}: the end-to-end benchmark (see {@link BenchRun}). Prints progress
 * and a table on stdout and writes every number to a JSON file. Exit codes: 0 done (and, with
 * {@code --quick} or {@code --baseline-file}, the verdict passed); 1 a phase could not run or
 * the verdict failed; 2 bad arguments. Runs on the caller's thread.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "End-to-end benchmark: publish a simulated load into a no-op Paho subscriber, into mosquitto_sub",
            "(when installed) and into the gateway (started as a child process), all on the same broker, and",
            "report readings/s, predictions/s, loss, prediction latency, gateway CPU and RSS, and the ratio",
            "gateway/baseline. --quick is the CI preset: it fails only on silent loss or a ratio below 30 %% of",
            "the recorded one."})
public final class BenchCommand implements Callable<Integer> {

    /** The quick preset, applied to every option not given explicitly. */
    static final List<String> QUICK_PRESET = List.of("--lines=10", "--readings-per-message=1", "--format=json",
            "--qos=0", "--connections=1", "--rate=10000", "--duration=8s", "--settle-timeout=10s", "--ready-timeout=30s");

    /** Runs a benchmark; tests give one that does not start processes. */
    @FunctionalInterface
    interface Runner {
        BenchResult run(BenchSettings settings, PrintWriter progress) throws InterruptedException;
    }

    private final Runner runner;

    @Spec
    private CommandSpec spec;

    @Option(names = "--broker", paramLabel = "auto|mosquitto|embedded|URI", defaultValue = "auto",
            description = "Broker for the load: auto (start Mosquitto if installed, else the gateway's embedded broker),"
                    + " mosquitto, embedded, or an existing tcp://host:port (default: ${DEFAULT-VALUE}).")
    private String broker;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "10", description = "Simulated lines (default: ${DEFAULT-VALUE}).")
    private int lines;

    @Option(names = "--readings-per-message", paramLabel = "N", defaultValue = "1",
            description = "Readings per MQTT message: 1 with number/json (one message per sensor reading), a multiple"
                    + " of 4 (the sensors of a line) with senml/protobuf (default: ${DEFAULT-VALUE}).")
    private int readingsPerMessage;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json", converter = FormatConverter.class,
            completionCandidates = FormatNames.class,
            description = "Payload format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private PayloadFormat format;

    @Option(names = "--qos", paramLabel = "0|1", defaultValue = "0",
            description = "QoS of every publish and subscription (default: ${DEFAULT-VALUE}).")
    private int qos;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "1",
            description = "Publisher connections; lines are spread over them (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--rate", paramLabel = "R|max", defaultValue = "max", converter = RateConverter.class,
            description = "Offered readings per second over all lines, or max (as fast as the in-flight windows"
                    + " allow) (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "20s", converter = DurationConverter.class,
            description = "How long each phase publishes (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--settle-timeout", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "After publishing, how long to wait at most for a receiver to stop counting (default: ${DEFAULT-VALUE}).")
    private Duration settleTimeout;

    @Option(names = "--ready-timeout", paramLabel = "D", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for the broker and for the gateway's /readyz (default: ${DEFAULT-VALUE}).")
    private Duration readyTimeout;

    @Option(names = "--features", paramLabel = "N", defaultValue = "3",
            description = "Features per line: feed, state and speed, then auxiliary sensors aux1.. up to N"
                    + " (3..32; default: ${DEFAULT-VALUE}). Each line also publishes its target.")
    private int features;

    @Option(names = "--window", paramLabel = "D", defaultValue = "1s", converter = DurationConverter.class,
            description = "The gateway's window length (default: ${DEFAULT-VALUE}); its idle timeout is the window"
                    + " plus 2 s.")
    private Duration window;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "3s", converter = DurationConverter.class,
            description = "Predictions made in this first part of the gateway's load are left out of the latency"
                    + " (JIT, first connections; default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--sample-interval", paramLabel = "D", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often the gateway's heap, CPU and counters are sampled while the load runs"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration sampleInterval;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "1000",
            description = "Unfinished publishes per connection at most (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the readings (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--no-mosquitto-sub", description = "Skip the mosquitto_sub baseline even when it is installed.")
    private boolean noMosquittoSub;

    @Option(names = "--no-paho", description = "Skip the Paho no-op subscriber baseline.")
    private boolean noPaho;

    @Option(names = "--gateway-only", description = "Run the gateway phase only (no baselines, so no ratios):"
            + " for long runs that watch heap and CPU.")
    private boolean gatewayOnly;

    @Option(names = "--baseline-only", description = "Run the load into the baselines only; do not start the gateway.")
    private boolean baselineOnly;

    @Option(names = "--gateway-jar", paramLabel = "JAR", defaultValue = "gateway/target/gateway.jar",
            description = "The gateway's executable jar (default: ${DEFAULT-VALUE}).")
    private Path gatewayJar;

    @Option(names = "--java", paramLabel = "PATH", description = "java launcher for the gateway (default: this JVM's).")
    private String java;

    @Option(names = "--gateway-jvm-opts", paramLabel = "OPTS", defaultValue = "-Xms64m -Xmx256m",
            description = "JVM options of the gateway, space-separated (default: ${DEFAULT-VALUE}).")
    private String gatewayJvmOpts;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench-result.json",
            description = "JSON result file (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--quick",
            description = "CI preset (under 60 s): " + "--lines=10 --readings-per-message=1 --format=json --qos=0"
                    + " --connections=1 --rate=10000 --duration=8s --settle-timeout=10s --ready-timeout=30s"
                    + " (explicit options win); exit 1 only on silent loss or a ratio below 30 %% of the recorded one.")
    private boolean quick;

    @Option(names = "--baseline-file", paramLabel = "JSON",
            description = "Recorded ratios to check against (default with --quick: the bundled bench-quick-baseline.json).")
    private Path baselineFile;

    public BenchCommand() {
        this((settings, progress) -> new BenchRun(settings, progress, ProcStats.system()).run());
    }

    BenchCommand(Runner runner) {
        this.runner = runner;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        BenchSettings settings = settings();
        RegressionCheck.Recorded recorded = checksVerdict(settings) ? RegressionCheck.load(settings.baselineFile()) : null;
        // Ctrl-C must not leave the broker, mosquitto_sub or the gateway running: they are our children.
        Thread stopChildren = new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
                "bench-stop-children");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        BenchResult result;
        try {
            result = runner.run(settings, stdout);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException e) {
                // Already shutting down; the hook is running.
            }
        }
        RegressionCheck.Verdict verdict = recorded == null ? null : RegressionCheck.decide(new RegressionCheck.Measured(
                result.gateway().loss(), result.gatewayToPaho(), result.gatewayToMosquittoSub()), recorded);
        stdout.print(BenchReport.table(settings, result));
        List<String> commandLine = new ArrayList<>(List.of("sensors-sim"));
        commandLine.addAll(spec.commandLine().getParseResult().originalArgs());
        try {
            BenchReport.write(BenchReport.json(settings, result, commandLine, MachineInfo.current(), verdict), settings.out());
            stdout.println("results written to " + settings.out().toAbsolutePath());
        } catch (IOException e) {
            stderr.println("error: cannot write " + settings.out() + ": " + e.getMessage());
        }
        stdout.flush();
        return exitCode(settings, result, verdict, recorded, stdout, stderr);
    }

    private boolean checksVerdict(BenchSettings settings) {
        return (settings.quick() || settings.baselineFile() != null) && !settings.baselineOnly();
    }

    private static int exitCode(BenchSettings settings, BenchResult result, RegressionCheck.Verdict verdict,
                                RegressionCheck.Recorded recorded, PrintWriter stdout, PrintWriter stderr) {
        if (verdict != null) {
            stdout.println((verdict.pass() ? "PASS" : "FAIL") + " (recorded ratios: " + recorded.source() + ")");
            verdict.reasons().forEach(reason -> stdout.println("  - " + reason));
            stdout.flush();
            return verdict.pass() ? 0 : 1;
        }
        if (settings.baselineOnly()) {
            boolean ran = result.paho().ran() || result.mosquittoSub().ran();
            if (!ran) {
                stderr.println("error: no baseline ran: " + result.paho().note());
                stderr.flush();
            }
            return ran ? 0 : 1;
        }
        if (!result.gateway().ran()) {
            stderr.println("error: the gateway phase did not run: " + result.gateway().note());
            stderr.flush();
            return 1;
        }
        return 0;
    }

    /** The validated settings, with the quick preset under the options given explicitly. */
    BenchSettings settings() {
        ParseResult parsed = spec.commandLine().getParseResult();
        if (quick) {
            applyQuickPreset(parsed);
        }
        try {
            return new BenchSettings(BenchSettings.BrokerChoice.parse(broker), lines, readingsPerMessage, format, qos,
                    connections, rate, duration, settleTimeout, readyTimeout, maxInFlight, seed, !noMosquittoSub && !gatewayOnly,
                    baselineOnly, gatewayJar, java != null ? java : defaultJava(), jvmOptions(gatewayJvmOpts), out, quick,
                    baselineFile, features, window, warmup, sampleInterval, !noPaho && !gatewayOnly);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private void applyQuickPreset(ParseResult parsed) {
        for (String preset : QUICK_PRESET) {
            String name = preset.substring(0, preset.indexOf('='));
            if (parsed != null && parsed.hasMatchedOption(name)) {
                continue;
            }
            String value = preset.substring(preset.indexOf('=') + 1);
            switch (name) {
                case "--lines" -> lines = Integer.parseInt(value);
                case "--readings-per-message" -> readingsPerMessage = Integer.parseInt(value);
                case "--format" -> format = PayloadFormat.fromName(value);
                case "--qos" -> qos = Integer.parseInt(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--rate" -> rate = new RateConverter().convert(value);
                case "--duration" -> duration = DurationText.parse(value);
                case "--settle-timeout" -> settleTimeout = DurationText.parse(value);
                case "--ready-timeout" -> readyTimeout = DurationText.parse(value);
                default -> throw new IllegalStateException("quick preset names an unknown option: " + name);
            }
        }
    }

    static List<String> jvmOptions(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }

    private static String defaultJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code max} or a positive number of readings per second. */
    static final class RateConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (value.trim().equalsIgnoreCase("max")) {
                return Double.POSITIVE_INFINITY;
            }
            try {
                double rate = Double.parseDouble(value.trim());
                if (rate > 0 && Double.isFinite(rate)) {
                    return rate;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw new TypeConversionException("must be a number of readings per second greater than 0, or max."
                    + " Found: " + value);
        }
    }
}
