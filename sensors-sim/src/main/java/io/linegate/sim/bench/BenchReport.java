package io.linegate.sim.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The result as a table for people and as JSON for machines. Pure apart from {@link #write}. */
final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String NA = "n/a";
    private static final Duration HEAP_SPAN = Duration.ofMinutes(1);

    private BenchReport() {
    }

    /** The table printed on stdout. */
    static String table(BenchSettings settings, BenchResult result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%nLoad: %d lines x %d sensors, %d reading(s)/message, %s, QoS %d,"
                        + " %d connection(s), rate %s readings/s, %s per phase%nBroker: %s%n%n",
                settings.lines(), settings.sensorsPerLine(), settings.readingsPerMessage(),
                settings.format().cliName(), settings.qos(), settings.connections(), settings.rateText(),
                settings.duration().toMillis() / 1000.0 + " s", result.broker()));
        String row = "%-14s %14s %14s %14s %12s  %s%n";
        text.append(String.format(Locale.ROOT, row, "receiver", "published/s", "received/s", "lost readings", "ratio gw/x",
                "note"));
        for (BenchResult.Receiver receiver : List.of(result.paho(), result.mosquittoSub())) {
            Double ratio = receiver == result.paho() ? result.gatewayToPaho() : result.gatewayToMosquittoSub();
            text.append(String.format(Locale.ROOT, row, receiver.name(),
                    receiver.ran() ? rate(receiver.load().readingsPerSecond()) : NA,
                    receiver.ran() ? rate(receiver.readingsPerSecond()) : NA,
                    receiver.ran() ? Long.toString(receiver.lostReadings()) : NA,
                    ratio == null ? NA : String.format(Locale.ROOT, "%.3f", ratio),
                    receiver.note() == null ? "" : receiver.note()));
        }
        BenchResult.Gateway gateway = result.gateway();
        text.append(String.format(Locale.ROOT, row, "gateway",
                gateway.ran() ? rate(gateway.load().readingsPerSecond()) : NA,
                gateway.ran() ? rate(gateway.acceptedPerSecond()) + " acc" : NA,
                gateway.ran() ? gateway.loss() + " (silent)" : NA, "",
                gateway.note() == null ? "" : gateway.note()));
        if (gateway.ran()) {
            LatencyRecorder.Summary latency = gateway.latency();
            text.append(String.format(Locale.ROOT, "%ngateway: accepted %d, rejected %d %s, ingest messages %d,"
                            + " predictions %d (%.1f/s, %d with a value)%n",
                    gateway.accepted(), gateway.rejected(), gateway.rejectedByReason(), gateway.ingestMessages(),
                    gateway.predictions(), gateway.predictionsPerSecond(), gateway.predictionsWithValue()));
            text.append(String.format(Locale.ROOT, "latency window close -> prediction upstream (%d predictions,"
                            + " %d in the warm-up left out): p50 %s  p99 %s  p99.9 %s  max %s%n", latency.count(),
                    latency.warmup(), millis(latency.p50Micros()), millis(latency.p99Micros()),
                    millis(latency.p999Micros()), millis(latency.maxMicros())));
            Double perMillion = gateway.cpuSecondsPerMillionReadings();
            text.append(String.format(Locale.ROOT, "gateway CPU: %s s per million readings (%s s in all); peak RSS %s%n",
                    perMillion == null ? NA : String.format(Locale.ROOT, "%.2f", perMillion),
                    gateway.cpuSeconds() == null ? NA : String.format(Locale.ROOT, "%.2f", gateway.cpuSeconds()),
                    gateway.peakRssBytes() == null ? NA : gateway.peakRssBytes() / (1 << 20) + " MiB"));
            text.append(String.format(Locale.ROOT, "gateway start to ready: %d ms%n", gateway.startToReadyMillis()));
            List<Long> heap = GatewaySampler.lowestHeapPerSpan(gateway.samples(), HEAP_SPAN);
            if (!heap.isEmpty()) {
                text.append(String.format(Locale.ROOT, "heap used, lowest sample per minute (MiB, %d samples): %s%n",
                        gateway.samples().size(), heap.stream().map(b -> mebibytes(b)).toList()));
            }
        }
        return text.toString();
    }

    /** The JSON document: settings, command line, machine, every number, the verdict if any. */
    static ObjectNode json(BenchSettings settings, BenchResult result, List<String> commandLine, MachineInfo machine,
                           RegressionCheck.Verdict verdict) {
        ObjectNode root = JSON.createObjectNode();
        root.put("tool", "sensors-sim bench");
        root.put("time", Instant.now().toString());
        root.putPOJO("commandLine", commandLine);
        ObjectNode load = root.putObject("load");
        load.put("lines", settings.lines());
        load.put("sensorsPerLine", settings.sensorsPerLine());
        load.put("features", settings.features());
        load.put("windowSeconds", settings.window().toMillis() / 1000.0);
        load.put("warmupSeconds", settings.warmup().toMillis() / 1000.0);
        load.put("readingsPerMessage", settings.readingsPerMessage());
        load.put("format", settings.format().cliName());
        load.put("qos", settings.qos());
        load.put("connections", settings.connections());
        load.put("rate", settings.rateText());
        load.put("durationSeconds", settings.duration().toMillis() / 1000.0);
        load.put("quick", settings.quick());
        ObjectNode host = root.putObject("machine");
        host.put("nproc", machine.processors());
        host.put("cpuModel", machine.cpuModel());
        host.putPOJO("memTotalBytes", machine.memTotalBytes());
        host.put("os", machine.os());
        host.put("jdk", machine.jdk());
        root.put("broker", result.broker());
        root.put("workDir", result.workDir().toString());
        ObjectNode baselines = root.putObject("baselines");
        receiver(baselines.putObject("paho"), result.paho());
        receiver(baselines.putObject("mosquittoSub"), result.mosquittoSub());
        gateway(root.putObject("gateway"), result.gateway());
        ObjectNode ratios = root.putObject("ratios");
        ratios.putPOJO("gatewayToPaho", result.gatewayToPaho());
        ratios.putPOJO("gatewayToMosquittoSub", result.gatewayToMosquittoSub());
        if (verdict != null) {
            ObjectNode check = root.putObject("verdict");
            check.put("pass", verdict.pass());
            check.putPOJO("reasons", verdict.reasons());
        }
        return root;
    }

    private static void receiver(ObjectNode node, BenchResult.Receiver receiver) {
        node.put("ran", receiver.ran());
        node.put("note", receiver.note());
        if (!receiver.ran()) {
            return;
        }
        load(node, receiver.load());
        node.put("receivedMessages", receiver.receivedMessages());
        node.put("receivedReadings", receiver.receivedReadings());
        node.put("seconds", receiver.seconds());
        node.put("receivedReadingsPerSecond", receiver.readingsPerSecond());
        node.put("lostReadings", receiver.lostReadings());
    }

    private static void gateway(ObjectNode node, BenchResult.Gateway gateway) {
        node.put("ran", gateway.ran());
        node.put("note", gateway.note());
        node.putPOJO("command", gateway.command());
        node.putPOJO("jvmOptions", gateway.jvmOptions());
        if (!gateway.ran()) {
            return;
        }
        load(node, gateway.load());
        node.put("acceptedReadings", gateway.accepted());
        node.put("rejected", gateway.rejected());
        node.putPOJO("rejectedByReason", gateway.rejectedByReason());
        node.put("ingestMessages", gateway.ingestMessages());
        node.put("predictions", gateway.predictions());
        node.put("predictionsWithValue", gateway.predictionsWithValue());
        node.put("seconds", gateway.seconds());
        node.put("acceptedReadingsPerSecond", gateway.acceptedPerSecond());
        node.put("predictionsPerSecond", gateway.predictionsPerSecond());
        node.putPOJO("silentLossReadings", gateway.loss());
        node.put("settled", gateway.settled());
        node.putPOJO("cpuSeconds", gateway.cpuSeconds());
        node.putPOJO("cpuSecondsPerMillionReadings", gateway.cpuSecondsPerMillionReadings());
        node.putPOJO("peakRssBytes", gateway.peakRssBytes());
        LatencyRecorder.Summary latency = gateway.latency();
        ObjectNode hist = node.putObject("latencyWindowCloseToUpstreamMicros");
        hist.put("count", latency.count());
        hist.put("p50", latency.p50Micros());
        hist.put("p99", latency.p99Micros());
        hist.put("p99_9", latency.p999Micros());
        hist.put("max", latency.maxMicros());
        hist.put("unreadable", latency.unreadable());
        hist.put("replayed", latency.replayed());
        hist.put("warmupLeftOut", latency.warmup());
        node.put("startToReadyMillis", gateway.startToReadyMillis());
        node.putPOJO("heapUsedLowestPerMinuteBytes", GatewaySampler.lowestHeapPerSpan(gateway.samples(), HEAP_SPAN));
        ArrayNode samples = node.putArray("samples");
        for (GatewaySampler.Sample sample : gateway.samples()) {
            ObjectNode row = samples.addObject();
            row.put("seconds", sample.seconds());
            row.put("heapUsedBytes", sample.heapUsedBytes());
            row.putPOJO("liveDataBytes", sample.liveDataBytes());
            row.put("accepted", sample.accepted());
            row.putPOJO("cpuSeconds", sample.cpuSeconds());
        }
    }

    private static void load(ObjectNode node, BenchLoad.LoadResult load) {
        ObjectNode published = node.putObject("published");
        published.put("messages", load.publishedMessages());
        published.put("readings", load.publishedReadings());
        published.put("failedMessages", load.failedMessages());
        published.put("unfinishedMessages", load.unfinishedMessages());
        published.put("seconds", load.seconds());
        published.put("readingsPerSecond", load.readingsPerSecond());
    }

    /** Writes {@code json} to {@code file}, creating parent dirs. */
    static void write(ObjectNode json, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), json);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (double) (1 << 20));
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
