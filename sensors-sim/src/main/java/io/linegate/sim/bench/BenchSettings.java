package io.linegate.sim.bench;

import io.linegate.sim.PayloadFormat;
import io.linegate.sim.SensorIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one {@code sensors-sim bench} run does, validated once by the command.
 *
 * @param broker             where the load goes: {@link BrokerChoice}
 * @param lines              simulated lines, 1..{@value #MAX_LINES}
 * @param readingsPerMessage 1 (per-sensor formats number/json), or a multiple of the sensors
 *                           per line (per-line formats senml/protobuf: that many readings,
 *                           whole ticks, per message)
 * @param format             payload format
 * @param qos                QoS of every publish and subscription, 0 or 1
 * @param connections        publisher connections sharing the lines round-robin
 * @param readingsPerSecond  offered load over all lines; {@link Double#POSITIVE_INFINITY} = as
 *                           fast as the in-flight windows allow ({@code --rate max})
 * @param duration           how long each phase publishes
 * @param settleTimeout      after publishing, how long a phase waits at most for its receiver
 *                           to stop counting
 * @param readyTimeout       how long to wait for the broker and for the gateway's /readyz
 * @param maxInFlight        unfinished publishes per connection at most
 * @param seed               seed of the simulated readings
 * @param mosquittoSub       whether to run the mosquitto_sub baseline when it is installed
 * @param baselineOnly       skip the gateway phase (smoke test of load and baselines)
 * @param gatewayJar         the gateway's executable jar
 * @param java               the java launcher for the gateway
 * @param gatewayJvmOptions  JVM options of the gateway child
 * @param out                JSON result file
 * @param quick              CI mode: verdict against {@code recorded} ratios decides the exit code
 * @param baselineFile       recorded ratios; null = the bundled {@code bench-quick-baseline.json}
 * @param features           features per line, {@value #MIN_FEATURES}..{@value #MAX_FEATURES}: the
 *                           simulated feed, state and speed, then auxiliary sensors
 *                           ({@link AuxiliaryFeatures}); each line also publishes its target
 * @param window             the gateway's window length
 * @param warmup             predictions made in this first part of the load are left out of the latency
 * @param sampleInterval     how often the gateway's heap, CPU and counters are sampled during the load
 * @param paho               whether to run the Paho no-op subscriber baseline
 */
public record BenchSettings(
        BrokerChoice broker,
        int lines,
        int readingsPerMessage,
        PayloadFormat format,
        int qos,
        int connections,
        double readingsPerSecond,
        Duration duration,
        Duration settleTimeout,
        Duration readyTimeout,
        int maxInFlight,
        long seed,
        boolean mosquittoSub,
        boolean baselineOnly,
        Path gatewayJar,
        String java,
        List<String> gatewayJvmOptions,
        Path out,
        boolean quick,
        Path baselineFile,
        int features,
        Duration window,
        Duration warmup,
        Duration sampleInterval,
        boolean paho) {

    public static final int MAX_LINES = 10_000;
    public static final int MAX_CONNECTIONS = 64;
    public static final int MAX_READINGS_PER_MESSAGE = 10_000;
    public static final int MIN_FEATURES = SensorIds.FEATURES.size();
    public static final int MAX_FEATURES = 32;

    public BenchSettings {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(format, "format");
        if (!format.overMqtt()) {
            throw new IllegalArgumentException("--format " + format.cliName() + " is CoAP only; the benchmark publishes"
                    + " over MQTT. Use number, json, senml or protobuf.");
        }
        if (lines < 1 || lines > MAX_LINES) {
            throw new IllegalArgumentException("--lines must be between 1 and " + MAX_LINES + ". Found: " + lines);
        }
        if (baselineOnly && !paho && !mosquittoSub) {
            throw new IllegalArgumentException("--baseline-only needs a baseline: drop --gateway-only or --no-paho");
        }
        if (features < MIN_FEATURES || features > MAX_FEATURES) {
            throw new IllegalArgumentException("--features must be between " + MIN_FEATURES + " and " + MAX_FEATURES
                    + ". Found: " + features);
        }
        checkReadingsPerMessage(format, readingsPerMessage, features + 1);
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("--qos must be 0 or 1. Found: " + qos);
        }
        if (connections < 1 || connections > Math.min(MAX_CONNECTIONS, lines)) {
            throw new IllegalArgumentException("--connections must be between 1 and " + Math.min(MAX_CONNECTIONS, lines)
                    + " (at most one per line). Found: " + connections);
        }
        if (!(readingsPerSecond > 0)) {
            throw new IllegalArgumentException("--rate must be greater than 0 readings/s, or max. Found: " + readingsPerSecond);
        }
        positive("--duration", duration);
        positive("--settle-timeout", settleTimeout);
        positive("--ready-timeout", readyTimeout);
        positive("--window", window);
        positive("--sample-interval", sampleInterval);
        if (warmup == null || warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must be 0 or more. Found: " + warmup);
        }
        if (maxInFlight < 1 || maxInFlight > 65_535) {
            throw new IllegalArgumentException("--max-in-flight must be between 1 and 65535. Found: " + maxInFlight);
        }
        Objects.requireNonNull(gatewayJar, "gatewayJar");
        Objects.requireNonNull(java, "java");
        gatewayJvmOptions = List.copyOf(gatewayJvmOptions);
        Objects.requireNonNull(out, "out");
    }

    /** Sensors every simulated line publishes: its features and its target. */
    public int sensorsPerLine() {
        return features + 1;
    }

    /** The feature sensor ids of every line, in model order. */
    public List<String> featureIds() {
        return AuxiliaryFeatures.featureIds(features);
    }

    /** Ticks (one reading per sensor) one message carries: 1 for per-sensor formats. */
    public int ticksPerMessage() {
        return format.perLine() ? readingsPerMessage / sensorsPerLine() : 1;
    }

    /** Whether the load is paced ({@code false} for {@code --rate max}). */
    public boolean fixedRate() {
        return Double.isFinite(readingsPerSecond);
    }

    /** {@code max} or the rate, e.g. {@code 10000}. */
    public String rateText() {
        return fixedRate() ? formatNumber(readingsPerSecond) : "max";
    }

    static String formatNumber(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }

    private static void checkReadingsPerMessage(PayloadFormat format, int readingsPerMessage, int sensors) {
        if (!format.perLine()) {
            if (readingsPerMessage != 1) {
                throw new IllegalArgumentException("--readings-per-message must be 1 with --format " + format.cliName()
                        + " (one message per sensor reading); use senml or protobuf to batch. Found: " + readingsPerMessage);
            }
            return;
        }
        if (readingsPerMessage < sensors || readingsPerMessage % sensors != 0 || readingsPerMessage > MAX_READINGS_PER_MESSAGE) {
            throw new IllegalArgumentException("--readings-per-message must be a multiple of " + sensors
                    + " (the sensors of a line; whole ticks per message) up to " + MAX_READINGS_PER_MESSAGE
                    + " with --format " + format.cliName() + ". Found: " + readingsPerMessage);
        }
    }

    private static void positive(String option, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(option + " must be greater than 0. Found: " + duration);
        }
    }

    /** Where the load goes. */
    public sealed interface BrokerChoice {

        /** {@code auto}: Mosquitto when installed, else the gateway's embedded broker. */
        record Auto() implements BrokerChoice {
        }

        /** {@code mosquitto}: start a Mosquitto process on a free port. */
        record Mosquitto() implements BrokerChoice {
        }

        /** {@code embedded}: the gateway's own broker (HiveMQ CE); no baseline is possible. */
        record Embedded() implements BrokerChoice {
        }

        /** An existing broker at {@code uri}. */
        record Existing(String uri) implements BrokerChoice {
        }

        /** Parses {@code auto}, {@code mosquitto}, {@code embedded} or a {@code tcp://host:port} URI. */
        static BrokerChoice parse(String text) {
            String value = text == null ? "" : text.trim();
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "auto" -> new Auto();
                case "mosquitto" -> new Mosquitto();
                case "embedded" -> new Embedded();
                default -> {
                    if (!value.matches("tcp://[^\\s/]+:\\d{1,5}/?")) {
                        throw new IllegalArgumentException("--broker must be auto, mosquitto, embedded or a URI like"
                                + " tcp://127.0.0.1:1883. Found: " + text);
                    }
                    yield new Existing(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
                }
            };
        }
    }
}
