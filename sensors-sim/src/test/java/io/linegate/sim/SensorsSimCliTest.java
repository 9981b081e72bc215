package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SensorsSimCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void fleetHelpListsEveryOptionAndExitsZero() {
        int code = run("fleet", "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: sensors-sim fleet", "--broker=URL", "--lines=N", "--rate=R",
                "--seed=S", "--format=FORMAT", "number, json, senml, senml-cbor,", "--duration=D", "--max-ticks=N",
                "--qos=0|1", "--noise=SD", "--line-prefix=TEXT", "--topic-prefix=TOPIC", "--accelerated", "--start=TIME",
                "--drift=SPEC", "--dropout=SPEC", "--stuck=SPEC", "--collinear=SPEC", "at=10m, speed=+3.0");
    }

    @Test
    void rejectsBadScenarioTextsNamingTheOptionAndTheBadPart() {
        assertThat(run("fleet", "--drift", "at=1m, speed=3")).isEqualTo(2);
        assertThat(err.toString()).contains("--drift speed must be +X (add), -X (subtract) or =X (set), e.g. +3.0."
                + " Found: 3 (in 'at=1m, speed=3')");

        assertThat(run("fleet", "--drift", "line=L7, at=1m, speed=+3")).isEqualTo(2);
        assertThat(err.toString()).contains("--drift line must be one of L1..L3. Found: L7");

        assertThat(run("fleet", "--dropout", "sensor=speed, from=5m")).isEqualTo(2);
        assertThat(err.toString()).contains("--dropout needs for=..., e.g. 'sensor=speed, from=5m, for=2m'.");

        assertThat(run("fleet", "--stuck", "sensor=feed, from=5m, for=2x")).isEqualTo(2);
        assertThat(err.toString()).contains("--stuck for must be a duration like 500ms, 30s, 5m, 1h or 1h30m. Found: 2x");

        assertThat(run("fleet", "--collinear", "feed=2*speed+1", "--collinear", "speed=state")).isEqualTo(2);
        assertThat(err.toString()).contains("--collinear source must not itself be derived (no chains).");
    }

    @Test
    void printsTheGroundTruthWithItsDriftsAtStartAndEachDriftWhenItTakesEffect() {
        long start = Instant.parse("2025-11-28T14:00:00Z").toEpochMilli();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(start), ZoneOffset.UTC);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == FleetCommand.class) {
                    return type.cast(new FleetCommand((config, onDrift) -> Fleet.start(config, clock,
                            created -> new RecordingSink(RecordingSink.Mode.ACK_NOW, 100), onDrift)));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };

        int code = SensorsSimCli.execute(factory, new PrintWriter(out, true), new PrintWriter(err, true), "fleet",
                "--lines", "2", "--seed", "5", "--noise", "0.25", "--accelerated", "--start", "2025-11-28T14:00:00Z",
                "--max-ticks", "40", "--progress-interval", "0",
                "--drift", "at=2s, speed=+3; line=L2, at=1s, intercept==40",
                "--dropout", "line=L1, sensor=speed, from=1s, for=500ms", "--stuck", "sensor=feed, from=3s, for=1s",
                "--collinear", "line=L2, state=0.5*speed, noise=0.01");

        assertThat(code).as(err.toString()).isZero();
        List<GroundTruth> truths = new FleetGenerator(2, "L", 5, 0.25).groundTruth();
        String l1Speed = GroundTruth.format(truths.get(0).coefficient("speed"));
        String l1SpeedAfter = GroundTruth.format(truths.get(0).coefficient("speed") + 3);
        String l2Intercept = GroundTruth.format(truths.get(1).intercept());
        String text = out.toString().replace(System.lineSeparator(), "\n");
        assertThat(text).contains(GroundTruth.table(truths).replace(System.lineSeparator(), "\n")
                + "Drifts (offsets from the start at 2025-11-28T14:00:00Z):\n"
                + "  L2 at 1s: intercept =40 (" + l2Intercept + " -> 40) at event time 2025-11-28T14:00:01Z\n"
                + "  L1 at 2s: speed +3 (" + l1Speed + " -> " + l1SpeedAfter + ") at event time 2025-11-28T14:00:02Z\n"
                + "  L2 at 2s: speed +3 (")
                .contains("Scenario (offsets from the start):\n"
                        + "  dropout line=L1, sensor=speed, from=1s, for=500ms\n"
                        + "  stuck sensor=feed, from=3s, for=1s\n"
                        + "  collinear line=L2, state=0.5*speed, noise=0.01\nPublishing 2 lines")
                .contains("drift on L2 at 1s (event time 2025-11-28T14:00:01Z): intercept =40 (" + l2Intercept
                        + " -> 40)\n  now L2: efficiency = 40 + ")
                .contains("drift on L1 at 2s (event time 2025-11-28T14:00:02Z): speed +3 (" + l1Speed + " -> "
                        + l1SpeedAfter + ")\n  now L1: efficiency = ")
                .contains("published 315 messages (315 readings), 40 ticks per line");
        assertThat(text.indexOf("Publishing 2 lines")).isLessThan(text.indexOf("drift on L2 at 1s"));
    }

    @Test
    void topLevelHelpNamesTheFleetCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: sensors-sim", "fleet");
    }

    @Test
    void aMissingSubcommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand: fleet");
    }

    @Test
    void rejectsNonPositiveLinesNamingTheOption() {
        assertThat(run("fleet", "--lines", "-3")).isEqualTo(2);
        assertThat(err.toString()).contains("--lines must be greater than 0. Found: -3")
                .contains("Try 'sensors-sim fleet --help'");
    }

    @Test
    void rejectsBareNumbersWithAcceleratedEventTime() {
        assertThat(run("fleet", "--format", "number", "--accelerated")).isEqualTo(2);
        assertThat(err.toString()).contains("--format number carries no event time");
    }

    @Test
    void rejectsUnknownFormatsAndDurations() {
        assertThat(run("fleet", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("format must be one of number, json, senml, senml-cbor, protobuf. Found: xml");

        assertThat(run("fleet", "--duration", "5x")).isEqualTo(2);
        assertThat(err.toString()).contains("duration must look like 500ms, 30s, 5m, 1h, 1h30m or 0. Found: 5x");
    }

    @Test
    void rejectsStartWithoutAccelerated() {
        assertThat(run("fleet", "--start", "2025-11-28T14:00:00Z")).isEqualTo(2);
        assertThat(err.toString()).contains("--start needs --accelerated");
    }

    @Test
    void anUnreachableBrokerExitsOneWithAClearMessageAndLeavesNoThreads() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int code = run("fleet", "--broker", "tcp://127.0.0.1:" + port, "--client-id", "sensors-sim-cli-test",
                "--connect-timeout", "3s");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: cannot connect to tcp://127.0.0.1:" + port + ": ");
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().contains("sensors-sim")));
    }

    private int run(String... args) {
        return SensorsSimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
