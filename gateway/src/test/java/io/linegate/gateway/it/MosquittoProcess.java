package io.linegate.gateway.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A Mosquitto broker process started by a test on a free loopback port. */
final class MosquittoProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private MosquittoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The path of a Mosquitto program ({@code mosquitto}, {@code mosquitto_pub}, ...), if installed. */
    static Optional<Path> binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static MosquittoProcess start(Path workDir) throws IOException {
        return start(workDir, TestBrokers.freePort());
    }

    /** Starts Mosquitto on {@code port} (e.g. again on the port of one that was stopped). */
    static MosquittoProcess start(Path workDir, int port) throws IOException {
        Path mosquitto = binary("mosquitto").orElseThrow();
        Path conf = workDir.resolve("mosquitto.conf");
        Files.writeString(conf, """
                listener %d 127.0.0.1
                allow_anonymous true
                persistence false
                max_queued_messages 100000
                log_dest stderr
                log_type error
                log_type warning
                """.formatted(port));
        Process process = new ProcessBuilder(mosquitto.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("mosquitto.log").toFile())
                .start();
        MosquittoProcess broker = new MosquittoProcess(process, port);
        try {
            Awaitility.await("mosquitto listening on " + port).atMost(Duration.ofSeconds(15))
                    .until(() -> !process.isAlive() || broker.accepts());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ", see "
                    + workDir.resolve("mosquitto.log"));
        }
        return broker;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
