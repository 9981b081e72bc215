package io.linegate.sim.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Mosquitto broker started for one benchmark run: {@code mosquitto -c <temp config>} on a
 * free loopback port, anonymous, no persistence, with queues large enough that a slow
 * subscriber is not silently dropped from within a run. Owned by the run's thread.
 */
final class MosquittoBroker implements AutoCloseable {

    /** Per-client queue; QoS 0 messages beyond it are dropped by Mosquitto, which would read as loss. */
    static final int MAX_QUEUED_MESSAGES = 2_000_000;
    /** Outgoing QoS 1 messages in flight per client. */
    static final int MAX_INFLIGHT_MESSAGES = 1_000;

    private final Process process;
    private final int port;
    private final Path log;

    private MosquittoBroker(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Whether {@code mosquitto} is installed (on the PATH or in /usr/sbin). */
    static boolean installed() {
        return Executables.onPath("mosquitto");
    }

    /** The configuration file's text. */
    static String config(int port) {
        return String.join("\n",
                "# written by sensors-sim bench",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "max_queued_messages " + MAX_QUEUED_MESSAGES,
                "max_queued_bytes 0",
                "max_inflight_messages " + MAX_INFLIGHT_MESSAGES,
                "set_tcp_nodelay true",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "");
    }

    /**
     * Writes the config into {@code dir} and starts Mosquitto, waiting up to {@code timeout}
     * until its port accepts connections.
     *
     * @throws BenchException when it is not installed, exits, or does not listen in time
     */
    static MosquittoBroker start(Path dir, int port, Duration timeout) throws InterruptedException {
        Path binary = Executables.find("mosquitto");
        if (binary == null) {
            throw new BenchException("mosquitto is not installed (apt-get install mosquitto mosquitto-clients)");
        }
        Path config = dir.resolve("mosquitto.conf");
        Path log = dir.resolve("mosquitto.log");
        Process process;
        try {
            Files.writeString(config, config(port), StandardCharsets.UTF_8);
            process = new ProcessBuilder(List.of(binary.toString(), "-c", config.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new BenchException("cannot start mosquitto: " + e.getMessage(), e);
        }
        MosquittoBroker broker = new MosquittoBroker(process, port, log);
        try {
            broker.awaitListening(timeout);
        } catch (RuntimeException | InterruptedException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** Polls the port: Mosquitto announces nothing on stdout once listening. */
    private void awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new BenchException("mosquitto exited with code " + process.exitValue() + ": "
                        + MosquittoSubCounter.tail(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() >= deadline) {
                    throw new BenchException("mosquitto did not listen on 127.0.0.1:" + port + " within "
                            + timeout.toMillis() + " ms: " + MosquittoSubCounter.tail(log));
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
