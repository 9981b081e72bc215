package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
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
                "--seed=S", "--format=FORMAT", "number, json, senml, protobuf", "--duration=D", "--max-ticks=N",
                "--qos=0|1", "--noise=SD", "--line-prefix=TEXT", "--topic-prefix=TOPIC", "--accelerated", "--start=TIME");
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
        assertThat(err.toString()).contains("format must be one of number, json, senml, protobuf. Found: xml");

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
