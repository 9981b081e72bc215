package io.linegate.sim.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code mosquitto_sub} baseline: runs {@code mosquitto_sub -t sensors/# -q <qos> -F %t}
 * (one line per message, its topic) plus a probe topic, and counts output lines on the
 * {@code bench-mosquitto-sub} thread. mosquitto_sub says nothing when its subscription is
 * in place, so {@link #awaitReady} publishes probes until one comes back. Counters may be
 * read from any thread.
 */
final class MosquittoSubCounter implements ArrivalCounter, AutoCloseable {

    private final Process process;
    private final String probeTopic;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private final CountDownLatch probed = new CountDownLatch(1);
    private final Thread reader;

    private MosquittoSubCounter(Process process, String probeTopic) {
        this.process = process;
        this.probeTopic = probeTopic;
        this.reader = new Thread(this::readLines, "bench-mosquitto-sub");
        this.reader.setDaemon(true);
    }

    /** Whether {@code mosquitto_sub} is on the PATH. */
    static boolean installed() {
        return Executables.onPath("mosquitto_sub");
    }

    /** The command line for a broker on {@code host:port}. */
    static List<String> command(String host, int port, String filter, int qos, String probeTopic) {
        return List.of("mosquitto_sub", "-h", host, "-p", Integer.toString(port), "-q", Integer.toString(qos),
                "-V", "mqttv5", "-i", "bench-mosquitto-sub-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20),
                "-t", filter, "-t", probeTopic, "-F", "%t");
    }

    /** Starts mosquitto_sub; its stderr goes to {@code log}. */
    static MosquittoSubCounter start(String host, int port, String filter, int qos, Path log) {
        String probeTopic = "bench-probe/" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        try {
            List<String> command = new java.util.ArrayList<>(command(host, port, filter, qos, probeTopic));
            Path binary = Executables.find("mosquitto_sub");
            if (binary != null) {
                command.set(0, binary.toString());
            }
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            MosquittoSubCounter counter = new MosquittoSubCounter(process, probeTopic);
            counter.reader.start();
            return counter;
        } catch (IOException e) {
            throw new BenchException("cannot start mosquitto_sub: " + e.getMessage(), e);
        }
    }

    String probeTopic() {
        return probeTopic;
    }

    /**
     * Publishes a probe through {@code probe} every 200 ms until mosquitto_sub prints one.
     *
     * @throws BenchException when none comes back within {@code timeout} or mosquitto_sub exits
     */
    void awaitReady(Runnable probe, Duration timeout, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new BenchException("mosquitto_sub exited with code " + process.exitValue() + ": " + tail(log));
            }
            probe.run();
            if (probed.await(200, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        throw new BenchException("mosquitto_sub printed no probe within " + timeout.toMillis() + " ms: " + tail(log));
    }

    /** bench-mosquitto-sub thread. */
    private void readLines() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals(probeTopic)) {
                    probed.countDown();
                } else {
                    messages.incrementAndGet();
                    lastArrivalNanos.set(System.nanoTime());
                }
            }
        } catch (IOException e) {
            // The process ended; the counts stand.
        }
    }

    @Override
    public long messages() {
        return messages.get();
    }

    @Override
    public long lastArrivalNanos() {
        return lastArrivalNanos.get();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(5_000);
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 20), lines.size());
            return last.isEmpty() ? "(no output in " + log + ")" : String.join(" | ", last);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
