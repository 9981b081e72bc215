package io.linegate.sim.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the phases of one benchmark on the caller's thread: start (or use) a broker; publish
 * the load into a Paho no-op subscriber, then into {@code mosquitto_sub} when installed; then
 * start the gateway as a child process, publish the same load into it and read its counters.
 * A phase that fails is reported in the result with its reason and the run goes on; every
 * child process is stopped before {@link #run} returns.
 */
final class BenchRun {

    /** A receiver whose count has not moved for this long after the load is considered done. */
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);
    private static final long RECEIVER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long SCRAPE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final BenchSettings settings;
    private final PrintWriter progress;
    private final ProcStats proc;

    BenchRun(BenchSettings settings, PrintWriter progress, ProcStats proc) {
        this.settings = settings;
        this.progress = progress;
        this.proc = proc;
    }

    BenchResult run() throws InterruptedException {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("linegate-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir", e);
        }
        say("work dir " + workDir);
        BrokerPlan plan = planBroker();
        MosquittoBroker mosquitto = null;
        try {
            if (plan.startMosquitto()) {
                mosquitto = MosquittoBroker.start(workDir, freePort(), settings.readyTimeout());
                say("started mosquitto on " + mosquitto.uri());
            }
            String brokerUri = mosquitto != null ? mosquitto.uri() : plan.uri();
            String description = mosquitto != null ? "mosquitto (started by bench) " + brokerUri
                    : brokerUri != null ? "existing " + brokerUri : "embedded (HiveMQ CE inside the gateway)";
            BenchResult.Receiver paho;
            BenchResult.Receiver sub;
            if (brokerUri == null) {
                String why = "no standalone broker (embedded): install mosquitto or pass --broker tcp://host:port"
                        + " for a baseline on the same broker";
                paho = BenchResult.Receiver.skipped("paho", why);
                sub = BenchResult.Receiver.skipped("mosquitto_sub", why);
            } else {
                paho = pahoBaseline(brokerUri);
                sub = mosquittoSubBaseline(brokerUri, workDir);
            }
            BenchResult.Gateway gateway = settings.baselineOnly()
                    ? BenchResult.Gateway.failed(List.of(), settings.gatewayJvmOptions(), "skipped (--baseline-only)")
                    : gatewayPhase(brokerUri, workDir);
            return new BenchResult(description, workDir, paho, sub, gateway);
        } finally {
            if (mosquitto != null) {
                mosquitto.close();
            }
        }
    }

    private record BrokerPlan(boolean startMosquitto, String uri) {
    }

    private BrokerPlan planBroker() {
        BenchSettings.BrokerChoice choice = settings.broker();
        if (choice instanceof BenchSettings.BrokerChoice.Existing existing) {
            return new BrokerPlan(false, existing.uri());
        }
        if (choice instanceof BenchSettings.BrokerChoice.Mosquitto) {
            return new BrokerPlan(true, null);
        }
        if (choice instanceof BenchSettings.BrokerChoice.Auto && MosquittoBroker.installed()) {
            return new BrokerPlan(true, null);
        }
        say("mosquitto is not installed: the load goes to the gateway's embedded broker and no baseline runs");
        return new BrokerPlan(false, null);
    }

    private BenchResult.Receiver pahoBaseline(String brokerUri) {
        if (!settings.paho()) {
            return BenchResult.Receiver.skipped("paho", "skipped (--no-paho or --gateway-only)");
        }
        say("baseline phase: Paho no-op subscriber, " + describeLoad());
        try (MqttCounter counter = MqttCounter.subscribe(brokerUri, "sensors/#", settings.qos(),
                settings.readyTimeout().toMillis(), (topic, message) -> { })) {
            return receiverPhase("paho", brokerUri, counter, null);
        } catch (BenchException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            say("paho baseline failed: " + e.getMessage());
            return BenchResult.Receiver.skipped("paho", "failed: " + e.getMessage());
        }
    }

    private BenchResult.Receiver mosquittoSubBaseline(String brokerUri, Path workDir) {
        if (!settings.mosquittoSub()) {
            return BenchResult.Receiver.skipped("mosquitto_sub", "skipped (--no-mosquitto-sub or --gateway-only)");
        }
        if (!MosquittoSubCounter.installed()) {
            return BenchResult.Receiver.skipped("mosquitto_sub", "mosquitto_sub is not installed"
                    + " (apt-get install mosquitto-clients)");
        }
        say("baseline phase: mosquitto_sub, " + describeLoad());
        URI uri = URI.create(brokerUri);
        Path log = workDir.resolve("mosquitto_sub.log");
        try (MosquittoSubCounter counter = MosquittoSubCounter.start(uri.getHost(), uri.getPort(), "sensors/#",
                settings.qos(), log)) {
            return receiverPhase("mosquitto_sub", brokerUri, counter, probe -> counter.awaitReady(probe,
                    settings.readyTimeout(), log));
        } catch (BenchException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            say("mosquitto_sub baseline failed: " + e.getMessage());
            return BenchResult.Receiver.skipped("mosquitto_sub", "failed: " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Readiness {
        void await(Runnable probe) throws InterruptedException;
    }

    private BenchResult.Receiver receiverPhase(String name, String brokerUri, ArrivalCounter counter,
                                               Readiness readiness) throws InterruptedException {
        try (BenchLoad load = BenchLoad.connect(settings, brokerUri)) {
            if (readiness != null && counter instanceof MosquittoSubCounter sub) {
                readiness.await(() -> load.probe(sub.probeTopic()));
            }
            BenchLoad.LoadResult published = load.run(settings.duration());
            long deadline = published.drainedNanos() + settings.settleTimeout().toNanos();
            while (counter.messages() < published.publishedMessages() && System.nanoTime() < deadline
                    && System.nanoTime() - Math.max(counter.lastArrivalNanos(), published.drainedNanos()) < QUIET_NANOS) {
                pause(RECEIVER_POLL_NANOS);
            }
            long messages = counter.messages();
            long last = counter.lastArrivalNanos();
            double seconds = last == 0 ? 0 : Math.max(1e-9, (last - published.startNanos()) / 1e9);
            BenchResult.Receiver result = new BenchResult.Receiver(name, true, null, published, messages,
                    messages * settings.readingsPerMessage(), seconds);
            say(String.format(java.util.Locale.ROOT, "%s: published %d readings (%.0f/s), received %d (%.0f/s)",
                    name, published.publishedReadings(), published.readingsPerSecond(), result.receivedReadings(),
                    result.readingsPerSecond()));
            return result;
        }
    }

    private BenchResult.Gateway gatewayPhase(String brokerUri, Path workDir) throws InterruptedException {
        say("gateway phase: gateway (child process), " + describeLoad());
        int httpPort = freePort();
        GatewayYaml yaml = new GatewayYaml(brokerUri, brokerUri == null ? freePort() : 0, settings.qos(),
                settings.lines(), workDir.resolve("gateway-data"), httpPort, settings.featureIds(), settings.window());
        Path config = workDir.resolve("gateway.yaml");
        try {
            Files.writeString(config, yaml.text());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        List<String> command = GatewayProcess.command(settings.java(), settings.gatewayJvmOptions(),
                settings.gatewayJar(), config);
        say("starting " + String.join(" ", command));
        try (GatewayProcess gateway = GatewayProcess.start(command, httpPort, workDir.resolve("gateway.log"),
                settings.readyTimeout())) {
            say("gateway ready " + gateway.startToReadyMillis() + " ms after its process started");
            LatencyRecorder latency = new LatencyRecorder(System::currentTimeMillis);
            try (MqttCounter predictions = MqttCounter.subscribe(yaml.brokerUri(), GatewayYaml.predictionsFilter(), 1,
                    settings.readyTimeout().toMillis(), (topic, message) -> latency.record(message.getPayload()));
                 BenchLoad load = BenchLoad.connect(settings, yaml.brokerUri())) {
                PrometheusText.Scrape before = gateway.scrape();
                Double cpuBefore = boxed(gateway.cpuSeconds(proc));
                latency.ignoreBefore(System.currentTimeMillis() + settings.warmup().toMillis());
                BenchLoad.LoadResult published;
                List<GatewaySampler.Sample> samples;
                try (GatewaySampler sampler = GatewaySampler.start(gateway, proc, settings.sampleInterval())) {
                    published = load.run(settings.duration());
                    samples = sampler.samples();
                }
                Settled settled = settle(gateway, before, published);
                PrometheusText.Scrape after = settled.scrape();
                Double cpuAfter = boxed(gateway.cpuSeconds(proc));
                Long peak = gateway.peakRssBytes(proc).isPresent() ? gateway.peakRssBytes(proc).getAsLong() : null;
                Map<String, Double> byReason = Metrics.delta(before.sumBy(Metrics.REJECTED, "reason"),
                        after.sumBy(Metrics.REJECTED, "reason"));
                BenchResult.Gateway result = new BenchResult.Gateway(true, Metrics.missing(after), command,
                        settings.gatewayJvmOptions(), published,
                        Metrics.delta(before, after, Metrics.ACCEPTED), Metrics.delta(before, after, Metrics.REJECTED),
                        byReason, Metrics.delta(before, after, Metrics.INGEST_MESSAGES),
                        Metrics.delta(before, after, Metrics.PREDICTIONS),
                        Math.round(after.sum(Metrics.PREDICTIONS, l -> "true".equals(l.get("predicted")))
                                - before.sum(Metrics.PREDICTIONS, l -> "true".equals(l.get("predicted")))),
                        settled.seconds(), cpuBefore == null || cpuAfter == null ? null : cpuAfter - cpuBefore, peak,
                        latency.summary(), settled.complete(), gateway.startToReadyMillis(), samples);
                say(String.format(java.util.Locale.ROOT, "gateway: published %d readings, accepted %d (%.0f/s),"
                        + " rejected %d, loss %d%s", published.publishedReadings(), result.accepted(),
                        result.acceptedPerSecond(), result.rejected(), result.loss(),
                        settled.complete() ? "" : " (still counting when the settle timeout passed)"));
                return result;
            }
        } catch (BenchException e) {
            say("gateway phase failed: " + e.getMessage());
            return BenchResult.Gateway.failed(command, settings.gatewayJvmOptions(), "failed: " + e.getMessage());
        }
    }

    private record Settled(PrometheusText.Scrape scrape, double seconds, boolean complete) {
    }

    /** Scrapes until accepted + rejected reaches the published count, stops rising for a while, or the timeout passes. */
    private Settled settle(GatewayProcess gateway, PrometheusText.Scrape before, BenchLoad.LoadResult published)
            throws InterruptedException {
        double base = before.sum(Metrics.ACCEPTED) + before.sum(Metrics.REJECTED);
        long deadline = published.drainedNanos() + settings.settleTimeout().toNanos();
        double lastCount = -1;
        long lastRise = published.startNanos();
        while (true) {
            PrometheusText.Scrape scrape = gateway.scrape();
            long now = System.nanoTime();
            double count = scrape.sum(Metrics.ACCEPTED) + scrape.sum(Metrics.REJECTED) - base;
            if (count > lastCount) {
                lastCount = count;
                lastRise = now;
            }
            boolean complete = count >= published.publishedReadings();
            if (complete || now >= deadline || (now >= published.drainedNanos() && now - lastRise >= 2 * QUIET_NANOS)) {
                return new Settled(scrape, Math.max(1e-9, (lastRise - published.startNanos()) / 1e9), complete);
            }
            pause(SCRAPE_POLL_NANOS);
        }
    }

    private String describeLoad() {
        return settings.lines() + " lines x " + settings.features() + " features, " + settings.readingsPerMessage() + " reading(s)/message, "
                + settings.format().cliName() + ", QoS " + settings.qos() + ", " + settings.connections()
                + " connection(s), rate " + settings.rateText() + ", " + settings.duration().toMillis() / 1000.0 + " s";
    }

    private void say(String text) {
        progress.println("bench: " + text);
        progress.flush();
    }

    private static Double boxed(java.util.OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static void pause(long nanos) throws InterruptedException {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
