package io.linegate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linegate.sim.PayloadFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicReference<BenchSettings> ran = new AtomicReference<>();

    @TempDir
    Path dir;

    private static BenchSettings parse(String... args) {
        BenchCommand command = new BenchCommand((settings, progress) -> {
            throw new AssertionError("not run");
        });
        CommandLine commandLine = new CommandLine(command);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.parseArgs(args);
        return command.settings();
    }

    @Test
    void hasDefaultsForAFullRunAgainstAnAutomaticallyChosenBroker() {
        BenchSettings settings = parse();

        assertThat(settings.broker()).isInstanceOf(BenchSettings.BrokerChoice.Auto.class);
        assertThat(settings.lines()).isEqualTo(10);
        assertThat(settings.readingsPerMessage()).isEqualTo(1);
        assertThat(settings.format()).isEqualTo(PayloadFormat.JSON);
        assertThat(settings.qos()).isZero();
        assertThat(settings.connections()).isEqualTo(1);
        assertThat(settings.fixedRate()).isFalse();
        assertThat(settings.rateText()).isEqualTo("max");
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.gatewayJar()).isEqualTo(Path.of("gateway/target/gateway.jar"));
        assertThat(settings.gatewayJvmOptions()).containsExactly("-Xms64m", "-Xmx256m");
        assertThat(settings.out()).isEqualTo(Path.of("bench-result.json"));
        assertThat(settings.mosquittoSub()).isTrue();
        assertThat(settings.quick()).isFalse();
    }

    @Test
    void parsesEveryLoadOption() {
        BenchSettings settings = parse("--broker", "tcp://10.0.0.5:1883", "--lines", "200", "--format", "PROTOBUF",
                "--readings-per-message", "40", "--qos", "1", "--connections", "4", "--rate", "50000",
                "--duration", "1m", "--gateway-jvm-opts", "-Xmx512m -XX:+UseParallelGC", "--no-mosquitto-sub",
                "--out", "r.json");

        assertThat(settings.broker()).isEqualTo(new BenchSettings.BrokerChoice.Existing("tcp://10.0.0.5:1883"));
        assertThat(settings.lines()).isEqualTo(200);
        assertThat(settings.format()).isEqualTo(PayloadFormat.PROTOBUF);
        assertThat(settings.readingsPerMessage()).isEqualTo(40);
        assertThat(settings.ticksPerMessage()).isEqualTo(10);
        assertThat(settings.qos()).isEqualTo(1);
        assertThat(settings.connections()).isEqualTo(4);
        assertThat(settings.readingsPerSecond()).isEqualTo(50_000);
        assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.gatewayJvmOptions()).containsExactly("-Xmx512m", "-XX:+UseParallelGC");
        assertThat(settings.mosquittoSub()).isFalse();
    }

    @Test
    void parsesTheModelShapeWarmupAndSampling() {
        BenchSettings settings = parse("--features", "8", "--format", "protobuf", "--readings-per-message", "90",
                "--window", "5s", "--warmup", "10s", "--sample-interval", "2s");

        assertThat(settings.features()).isEqualTo(8);
        assertThat(settings.sensorsPerLine()).isEqualTo(9);
        assertThat(settings.featureIds()).containsExactly("feed", "state", "speed", "aux1", "aux2", "aux3", "aux4", "aux5");
        assertThat(settings.ticksPerMessage()).isEqualTo(10);
        assertThat(settings.window()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.sampleInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(parse().features()).isEqualTo(3);
    }

    @Test
    void gatewayOnlySkipsBothBaselines() {
        BenchSettings gatewayOnly = parse("--gateway-only");

        assertThat(gatewayOnly.paho()).isFalse();
        assertThat(gatewayOnly.mosquittoSub()).isFalse();
        assertThat(parse("--no-paho").paho()).isFalse();
        assertThat(parse("--no-paho").mosquittoSub()).isTrue();
        assertThat(parse().paho()).isTrue();
    }

    @Test
    void quickPresetFillsEveryOptionNotGivenExplicitly() {
        BenchSettings quick = parse("--quick");
        BenchSettings overridden = parse("--quick", "--lines", "3", "--rate", "max");

        assertThat(quick.quick()).isTrue();
        assertThat(quick.lines()).isEqualTo(10);
        assertThat(quick.qos()).isZero();
        assertThat(quick.readingsPerSecond()).isEqualTo(10_000);
        assertThat(quick.duration()).isEqualTo(Duration.ofSeconds(8));
        assertThat(quick.settleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(overridden.lines()).isEqualTo(3);
        assertThat(overridden.fixedRate()).isFalse();
        assertThat(overridden.duration()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void quickPresetStaysWithinAMinuteOfPublishing() {
        Duration publishing = parse("--quick").duration().multipliedBy(3);

        assertThat(publishing).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsBadCombinationsWithExitCodeTwoNamingTheOption() {
        assertThat(run("bench", "--format", "json", "--readings-per-message", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("--readings-per-message must be 1 with --format json");

        assertThat(run("bench", "--format", "senml", "--readings-per-message", "6")).isEqualTo(2);
        assertThat(err.toString()).contains("--readings-per-message must be a multiple of 4");

        assertThat(run("bench", "--rate", "-5")).isEqualTo(2);
        assertThat(err.toString()).contains("must be a number of readings per second greater than 0, or max. Found: -5");

        assertThat(run("bench", "--connections", "11")).isEqualTo(2);
        assertThat(err.toString()).contains("--connections must be between 1 and 10 (at most one per line). Found: 11");

        assertThat(run("bench", "--broker", "localhost")).isEqualTo(2);
        assertThat(err.toString()).contains("--broker must be auto, mosquitto, embedded or a URI");

        assertThat(run("bench", "--features", "8", "--format", "senml", "--readings-per-message", "8")).isEqualTo(2);
        assertThat(err.toString()).contains("--readings-per-message must be a multiple of 9");

        assertThat(run("bench", "--features", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--features must be between 3 and 32. Found: 2");

        assertThat(run("bench", "--baseline-only", "--gateway-only")).isEqualTo(2);
        assertThat(err.toString()).contains("--baseline-only needs a baseline");

        assertThat(run("bench", "--qos", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--qos must be 0 or 1. Found: 2");
        assertThat(ran.get()).isNull();
    }

    @Test
    void helpListsEveryOption() {
        assertThat(run("bench", "--help")).isZero();

        assertThat(out.toString()).contains("Usage: sensors-sim bench", "--broker=auto|mosquitto|embedded|URI", "--lines=N",
                "--readings-per-message=N", "--format=FORMAT", "--qos=0|1", "--connections=N", "--rate=R|max",
                "--duration=D", "--gateway-jar=JAR", "--gateway-jvm-opts=OPTS", "--out=FILE", "--quick",
                "--baseline-file=JSON", "--baseline-only", "--features=N", "--window=D", "--warmup=D",
                "--sample-interval=D", "--no-paho", "--gateway-only");
        assertThat(err.toString()).doesNotContain("picocli WARN");
    }

    @Test
    void quickRunWithoutLossAndWithGoodRatiosExitsZeroAndWritesEveryNumber() throws Exception {
        Path file = dir.resolve("result.json");

        int code = run(fake(0), "bench", "--quick", "--out", file.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("PASS", "no silent loss", "paho", "mosquitto_sub", "gateway");
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("commandLine").toString()).isEqualTo("[\"sensors-sim\",\"bench\",\"--quick\",\"--out\",\""
                + file.toString().replace("\\", "\\\\") + "\"]");
        assertThat(json.path("machine").path("nproc").asInt()).isPositive();
        assertThat(json.path("gateway").path("acceptedReadings").asLong()).isEqualTo(80_000);
        assertThat(json.path("gateway").path("jvmOptions").toString()).isEqualTo("[\"-Xms64m\",\"-Xmx256m\"]");
        assertThat(json.path("gateway").path("latencyWindowCloseToUpstreamMicros").path("p99").asLong()).isEqualTo(9_000);
        assertThat(json.path("ratios").path("gatewayToPaho").asDouble()).isEqualTo(1.0);
        assertThat(json.path("verdict").path("pass").asBoolean()).isTrue();
        assertThat(json.path("gateway").path("startToReadyMillis").asLong()).isEqualTo(900);
        assertThat(json.path("gateway").path("latencyWindowCloseToUpstreamMicros").path("warmupLeftOut").asLong())
                .isEqualTo(4);
        assertThat(json.path("gateway").path("samples")).hasSize(2);
        assertThat(json.path("gateway").path("heapUsedLowestPerMinuteBytes").toString()).isEqualTo("[" + (30L << 20) + "]");
        assertThat(out.toString()).contains("gateway start to ready: 900 ms",
                "heap used, lowest sample per minute (MiB, 2 samples): [30.0]");
    }

    @Test
    void quickRunWithSilentLossExitsOneAndSaysWhy() {
        int code = run(fake(7), "bench", "--quick", "--out", dir.resolve("r.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL", "silent loss: 7 readings");
    }

    @Test
    void quickRunComparesWithAGivenBaselineFile() throws Exception {
        Path recorded = dir.resolve("recorded.json");
        Files.writeString(recorded, "{\"ratios\": {\"gatewayToPaho\": 4.0}}");

        int code = run(fake(0), "bench", "--quick", "--baseline-file", recorded.toString(), "--out",
                dir.resolve("r.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("gateway/paho ratio 1.000 vs recorded 4.000 (fails below 1.200");
    }

    @Test
    void aRunWhoseGatewayCouldNotStartExitsOneWithTheReason() {
        BenchCommand.Runner failing = (settings, progress) -> new BenchResult("existing tcp://x:1", dir,
                BenchResult.Receiver.skipped("paho", "n/a"), BenchResult.Receiver.skipped("mosquitto_sub", "n/a"),
                BenchResult.Gateway.failed(List.of("java"), List.of(), "failed: http: unknown key"));

        int code = run(failing, "bench", "--out", dir.resolve("r.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("the gateway phase did not run: failed: http: unknown key");
    }

    /** A result as if everything ran: 80,000 readings published at 10,000/s, {@code loss} of them missing. */
    private BenchCommand.Runner fake(long loss) {
        return (settings, progress) -> {
            ran.set(settings);
            long start = 0;
            long eight = 8_000_000_000L;
            BenchLoad.LoadResult load = new BenchLoad.LoadResult(start, eight, eight, 80_000, 80_000, 0, 0);
            BenchResult.Receiver paho = new BenchResult.Receiver("paho", true, null, load, 80_000, 80_000, 8.0);
            BenchResult.Receiver sub = new BenchResult.Receiver("mosquitto_sub", true, null, load, 80_000, 80_000, 8.0);
            BenchResult.Gateway gateway = new BenchResult.Gateway(true, null, List.of("java", "-jar", "g.jar"),
                    settings.gatewayJvmOptions(), load, 80_000 - loss, 0, Map.of(), 80_000, 80, 60, 8.0, 2.0,
                    200L << 20, new LatencyRecorder.Summary(80, 3_000, 9_000, 12_000, 12_000, 0, 0, 4), true, 900,
                    List.of(new GatewaySampler.Sample(0, 40L << 20, null, 0, 1.0),
                            new GatewaySampler.Sample(4, 30L << 20, 20L << 20, 40_000, 1.5)));
            return new BenchResult("mosquitto (fake)", dir, paho, sub, gateway);
        };
    }

    private int run(String... args) {
        return run(() -> new BenchCommand(), args);
    }

    private int run(BenchCommand.Runner runner, String... args) {
        return run(() -> new BenchCommand(runner), args);
    }

    private int run(java.util.function.Supplier<BenchCommand> commands, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == BenchCommand.class) {
                    return type.cast(commands.get());
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        return io.linegate.sim.SimCliAccess.execute(factory, new PrintWriter(out, true), new PrintWriter(err, true),
                all.toArray(String[]::new));
    }
}
