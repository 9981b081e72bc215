package io.linegate.sim.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The gateway as a child process: {@code java <jvm options> -jar <jar> run --config <yaml>},
 * its output in a log file, its counters read from {@code GET /metrics} and its CPU time and
 * peak RSS from {@code /proc}. Owned by the run's thread.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final long startedNanos;
    private long startToReadyNanos = -1;

    private GatewayProcess(Process process, int httpPort, Path log, long startedNanos) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** The child's command line. */
    static List<String> command(String java, List<String> jvmOptions, Path jar, Path config) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("run");
        command.add("--config");
        command.add(config.toString());
        return command;
    }

    /**
     * Starts the child and waits until {@code /readyz} answers 200.
     *
     * @throws BenchException naming the reason and the last lines of the gateway's log when the
     *                        jar is missing, the child exits, or it is not ready in time
     */
    static GatewayProcess start(List<String> command, int httpPort, Path log, Duration readyTimeout)
            throws InterruptedException {
        Path jar = Path.of(command.get(command.indexOf("-jar") + 1));
        if (!Files.isRegularFile(jar)) {
            throw new BenchException("gateway jar " + jar.toAbsolutePath() + " does not exist; build it with"
                    + " './mvnw -q -DskipTests package' or pass --gateway-jar");
        }
        Process process;
        long startedNanos = System.nanoTime();
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new BenchException("cannot start the gateway (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
        GatewayProcess gateway = new GatewayProcess(process, httpPort, log, startedNanos);
        try {
            gateway.awaitReady(readyTimeout);
        } catch (RuntimeException | InterruptedException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw new BenchException("the gateway exited with code " + process.exitValue()
                        + " before /readyz answered 200 (" + last + "); its log (" + log + ") ends: "
                        + MosquittoSubCounter.tail(log));
            }
            try {
                HttpResponse<String> response = get("/readyz");
                if (response.statusCode() == 200) {
                    startToReadyNanos = System.nanoTime() - startedNanos;
                    return;
                }
                last = "/readyz answered " + response.statusCode();
            } catch (ConnectException e) {
                last = "nothing listens on 127.0.0.1:" + httpPort + " (is the gateway's http block enabled?)";
            } catch (IOException e) {
                last = "/readyz failed: " + e;
            }
            if (System.nanoTime() >= deadline) {
                throw new BenchException("the gateway was not ready within " + timeout.toMillis() + " ms: " + last
                        + "; its log (" + log + ") ends: " + MosquittoSubCounter.tail(log));
            }
            // Polled often: the time to ready is one of the benchmark's numbers.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** One scrape of {@code /metrics}. */
    PrometheusText.Scrape scrape() throws InterruptedException {
        try {
            HttpResponse<String> response = get("/metrics");
            if (response.statusCode() != 200) {
                throw new BenchException("GET /metrics answered " + response.statusCode());
            }
            return PrometheusText.parse(response.body());
        } catch (IOException e) {
            throw new BenchException("GET http://127.0.0.1:" + httpPort + "/metrics failed: " + e
                    + (process.isAlive() ? "" : "; the gateway exited with code " + process.exitValue()
                    + ", its log ends: " + MosquittoSubCounter.tail(log)), e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(HTTP_TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * From starting the process to the first {@code /readyz} 200 (JVM start, config, outbox,
     * connected and subscribed to the sensor broker), in milliseconds, to within the 20 ms poll.
     */
    long startToReadyMillis() {
        return TimeUnit.NANOSECONDS.toMillis(startToReadyNanos);
    }

    long pid() {
        return process.pid();
    }

    OptionalDouble cpuSeconds(ProcStats proc) {
        return proc.cpuSeconds(process.pid());
    }

    OptionalLong peakRssBytes(ProcStats proc) {
        return proc.peakRssBytes(process.pid());
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Asks the gateway to stop (SIGTERM: a clean shutdown), then kills it after 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
