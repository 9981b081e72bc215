package io.linegate.sim;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;

/**
 * Validated configuration of a {@link Fleet}. Build one with {@link #builder()}; every setter
 * and {@link Builder#build()} fail at once with a message naming the bad value, e.g.
 * {@code "lines must be greater than 0. Found: -3"}.
 *
 * @param brokerUri      MQTT broker, {@code tcp://host:port}, {@code ssl://}, {@code ws://} or {@code wss://}
 * @param clientId       MQTT client id; null = {@code "sensors-sim-"} plus a random suffix
 * @param username       MQTT user name; null = anonymous
 * @param password       MQTT password; null = none (never printed by {@link #toString()})
 * @param lines          number of lines, 1..{@value #MAX_LINES}
 * @param linePrefix     line ids are this prefix followed by 1..lines (e.g. {@code L1})
 * @param topicPrefix    first topic level(s), e.g. {@code sensors} gives {@code sensors/L1/feed}
 * @param ratePerSecond  ticks per second per line (each tick carries one reading per sensor)
 * @param seed           seed of the ground truth and of every reading
 * @param format         payload format
 * @param qos            MQTT QoS of every publish, 0 or 1
 * @param duration       simulated time to publish ({@code ceil(duration * rate)} ticks per line);
 *                       zero = until stopped
 * @param maxTicks       stop after this many ticks per line; 0 = no limit. With a duration too,
 *                       the smaller limit wins
 * @param noiseStdDev    standard deviation of the Gaussian noise on each efficiency value
 * @param eventTime      wall-clock or accelerated event time
 * @param maxInFlight    publishes not yet acknowledged (QoS 1) or written (QoS 0) at most;
 *                       also capped by the broker's Receive Maximum
 * @param connectTimeout how long {@link Fleet#start(FleetConfig)} waits for the broker
 * @param scenario       drifts, dropouts, stuck sensors and collinear features, with times
 *                       counted from the fleet's start; lines it names must exist; null = none
 * @param coap           where to send over CoAP instead of MQTT; null = MQTT (then the MQTT
 *                       fields above apply, and {@code brokerUri}, {@code clientId},
 *                       credentials and {@code qos} are unused otherwise). {@code maxInFlight}
 *                       caps the requests in flight over all devices either way
 */
public record FleetConfig(
        String brokerUri,
        String clientId,
        String username,
        String password,
        int lines,
        String linePrefix,
        String topicPrefix,
        double ratePerSecond,
        long seed,
        PayloadFormat format,
        int qos,
        Duration duration,
        long maxTicks,
        double noiseStdDev,
        EventTime eventTime,
        int maxInFlight,
        Duration connectTimeout,
        Scenario scenario,
        CoapTarget coap) {

    public static final int MAX_LINES = 10_000;
    public static final double MAX_RATE_PER_SECOND = 10_000;
    public static final int MAX_IN_FLIGHT = 65_535;
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    public FleetConfig {
        checkBrokerUri(brokerUri);
        if (clientId != null && clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank (null = generated). Found: '" + clientId + "'");
        }
        checkLines(lines);
        checkLinePrefix(linePrefix, lines);
        Checks.requireTopicPrefix("topicPrefix", topicPrefix);
        checkRate(ratePerSecond);
        Checks.requireNonNull("format", format);
        checkQos(qos);
        duration = duration == null ? Duration.ZERO : Checks.requireNotNegative("duration", duration);
        Checks.requireNotNegative("maxTicks", maxTicks);
        Checks.requireNotNegativeFinite("noiseStdDev", noiseStdDev);
        Checks.requireNonNull("eventTime", eventTime);
        if (eventTime instanceof EventTime.Accelerated && !format.carriesEventTime()) {
            throw new IllegalArgumentException("format " + format.cliName() + " carries no event time, so it cannot be"
                    + " used with accelerated event time. Use json, senml or protobuf. Found: " + eventTime);
        }
        Checks.requireAtMost("maxInFlight", Checks.requirePositive("maxInFlight", maxInFlight), MAX_IN_FLIGHT);
        Checks.requirePositive("connectTimeout", connectTimeout);
        scenario = scenario == null ? Scenario.NONE : scenario;
        scenario.checkLines(linePrefix, lines);
        if (coap == null && !format.overMqtt()) {
            throw new IllegalArgumentException("format " + format.cliName() + " is sent over CoAP only (the gateway's"
                    + " MQTT ingest takes number, json, senml and protobuf). Found: MQTT to " + brokerUri);
        }
    }

    /** A configuration publishing over MQTT (the constructor from before CoAP existed). */
    public FleetConfig(String brokerUri, String clientId, String username, String password, int lines,
                       String linePrefix, String topicPrefix, double ratePerSecond, long seed, PayloadFormat format,
                       int qos, Duration duration, long maxTicks, double noiseStdDev, EventTime eventTime,
                       int maxInFlight, Duration connectTimeout, Scenario scenario) {
        this(brokerUri, clientId, username, password, lines, linePrefix, topicPrefix, ratePerSecond, seed, format,
                qos, duration, maxTicks, noiseStdDev, eventTime, maxInFlight, connectTimeout, scenario, null);
    }

    /** A configuration without a scenario (the constructor from before scenarios existed). */
    public FleetConfig(String brokerUri, String clientId, String username, String password, int lines,
                       String linePrefix, String topicPrefix, double ratePerSecond, long seed, PayloadFormat format,
                       int qos, Duration duration, long maxTicks, double noiseStdDev, EventTime eventTime,
                       int maxInFlight, Duration connectTimeout) {
        this(brokerUri, clientId, username, password, lines, linePrefix, topicPrefix, ratePerSecond, seed, format,
                qos, duration, maxTicks, noiseStdDev, eventTime, maxInFlight, connectTimeout, Scenario.NONE);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** MQTT, CoAP or CoAPs. */
    public FleetProtocol protocol() {
        return coap == null ? FleetProtocol.MQTT : coap.secure() ? FleetProtocol.COAPS : FleetProtocol.COAP;
    }

    /** Ticks per line after which the fleet stops; 0 = until stopped. */
    public long tickLimit() {
        long byDuration = 0;
        if (!duration.isZero()) {
            double seconds = duration.getSeconds() + duration.getNano() / 1e9;
            // The epsilon keeps 30 s at 10/s at 300 ticks despite rounding in the product.
            byDuration = Math.max(1, (long) Math.ceil(seconds * ratePerSecond - 1e-9));
        }
        if (maxTicks == 0 || byDuration == 0) {
            return Math.max(maxTicks, byDuration);
        }
        return Math.min(maxTicks, byDuration);
    }

    /** Messages published per tick of the whole fleet. */
    public int messagesPerTick() {
        return lines * format.messagesPerLineTick();
    }

    /** Readings published per tick of the whole fleet (fewer while a {@link Dropout} lasts). */
    public int readingsPerTick() {
        return lines * SensorIds.ALL.size();
    }

    /** Wall-clock interval between ticks in realtime mode, in nanoseconds. */
    public long tickIntervalNanos() {
        return Math.max(1, Math.round(1e9 / ratePerSecond));
    }

    @Override
    public String toString() {
        return "FleetConfig[brokerUri=" + brokerUri + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "null" : "***") + ", lines=" + lines + ", linePrefix=" + linePrefix
                + ", topicPrefix=" + topicPrefix + ", ratePerSecond=" + ratePerSecond + ", seed=" + seed
                + ", format=" + format + ", qos=" + qos + ", duration=" + duration + ", maxTicks=" + maxTicks
                + ", noiseStdDev=" + noiseStdDev + ", eventTime=" + eventTime + ", maxInFlight=" + maxInFlight
                + ", connectTimeout=" + connectTimeout + ", scenario=" + scenario.describe() + ", coap=" + coap + "]";
    }

    static String checkBrokerUri(String brokerUri) {
        Checks.requireNonNull("brokerUri", brokerUri);
        String message = "brokerUri must look like tcp://host:port (or ssl://, ws://, wss://). Found: " + brokerUri;
        try {
            URI uri = new URI(brokerUri);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(message);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(message, e);
        }
        return brokerUri;
    }

    static int checkLines(int lines) {
        return Checks.requireAtMost("lines", Checks.requirePositive("lines", lines), MAX_LINES);
    }

    static String checkLinePrefix(String linePrefix, int lines) {
        Checks.requireNonNull("linePrefix", linePrefix);
        int maxLength = Checks.MAX_ID_LENGTH - Integer.toString(Math.max(lines, 1)).length();
        if (!Checks.isIdText(linePrefix) || linePrefix.length() > maxLength) {
            throw new IllegalArgumentException("linePrefix must match [A-Za-z0-9_.-]{0," + maxLength
                    + "} so that line ids stay valid. Found: " + linePrefix);
        }
        return linePrefix;
    }

    static double checkRate(double ratePerSecond) {
        Checks.requirePositiveFinite("ratePerSecond", ratePerSecond);
        if (ratePerSecond > MAX_RATE_PER_SECOND) {
            throw new IllegalArgumentException("ratePerSecond must be at most " + MAX_RATE_PER_SECOND + ". Found: " + ratePerSecond);
        }
        return ratePerSecond;
    }

    static int checkQos(int qos) {
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("qos must be 0 or 1. Found: " + qos);
        }
        return qos;
    }

    /**
     * Builds a {@link FleetConfig}. Defaults: broker {@code tcp://127.0.0.1:1883}, 3 lines
     * {@code L1..L3}, topic prefix {@code sensors}, 10 ticks/s, seed 42, json, QoS 1, until
     * stopped, noise 0.5, realtime, 1000 in flight, connect timeout 10 s, no scenario, MQTT.
     * Not thread-safe.
     */
    public static final class Builder {

        private String brokerUri = "tcp://127.0.0.1:1883";
        private String clientId;
        private String username;
        private String password;
        private int lines = 3;
        private String linePrefix = "L";
        private String topicPrefix = "sensors";
        private double ratePerSecond = 10;
        private long seed = 42;
        private PayloadFormat format = PayloadFormat.JSON;
        private int qos = 1;
        private Duration duration = Duration.ZERO;
        private long maxTicks;
        private double noiseStdDev = 0.5;
        private EventTime eventTime = EventTime.realtime();
        private int maxInFlight = 1000;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Scenario scenario = Scenario.NONE;
        private CoapTarget coap;

        private Builder() {
        }

        private Builder(FleetConfig config) {
            brokerUri = config.brokerUri;
            clientId = config.clientId;
            username = config.username;
            password = config.password;
            lines = config.lines;
            linePrefix = config.linePrefix;
            topicPrefix = config.topicPrefix;
            ratePerSecond = config.ratePerSecond;
            seed = config.seed;
            format = config.format;
            qos = config.qos;
            duration = config.duration;
            maxTicks = config.maxTicks;
            noiseStdDev = config.noiseStdDev;
            eventTime = config.eventTime;
            maxInFlight = config.maxInFlight;
            connectTimeout = config.connectTimeout;
            scenario = config.scenario;
            coap = config.coap;
        }

        public Builder brokerUri(String brokerUri) {
            this.brokerUri = checkBrokerUri(brokerUri);
            return this;
        }

        /** Null = generated. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** Null = anonymous. */
        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        public Builder lines(int lines) {
            this.lines = checkLines(lines);
            return this;
        }

        public Builder linePrefix(String linePrefix) {
            this.linePrefix = checkLinePrefix(linePrefix, 1);
            return this;
        }

        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = Checks.requireTopicPrefix("topicPrefix", topicPrefix);
            return this;
        }

        public Builder ratePerSecond(double ratePerSecond) {
            this.ratePerSecond = checkRate(ratePerSecond);
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder format(PayloadFormat format) {
            this.format = Checks.requireNonNull("format", format);
            return this;
        }

        public Builder qos(int qos) {
            this.qos = checkQos(qos);
            return this;
        }

        /** Simulated time to publish; zero or null = until stopped. */
        public Builder duration(Duration duration) {
            this.duration = duration == null ? Duration.ZERO : Checks.requireNotNegative("duration", duration);
            return this;
        }

        /** Ticks per line to publish; 0 = no limit. */
        public Builder maxTicks(long maxTicks) {
            this.maxTicks = Checks.requireNotNegative("maxTicks", maxTicks);
            return this;
        }

        public Builder noiseStdDev(double noiseStdDev) {
            this.noiseStdDev = Checks.requireNotNegativeFinite("noiseStdDev", noiseStdDev);
            return this;
        }

        public Builder eventTime(EventTime eventTime) {
            this.eventTime = Checks.requireNonNull("eventTime", eventTime);
            return this;
        }

        /** Shorthand for {@code eventTime(EventTime.realtime())}. */
        public Builder realtime() {
            return eventTime(EventTime.realtime());
        }

        /** Shorthand for {@code eventTime(EventTime.accelerated(startEpochMs))}. */
        public Builder accelerated(long startEpochMs) {
            return eventTime(EventTime.accelerated(startEpochMs));
        }

        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = Checks.requireAtMost("maxInFlight", Checks.requirePositive("maxInFlight", maxInFlight), MAX_IN_FLIGHT);
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Checks.requirePositive("connectTimeout", connectTimeout);
            return this;
        }

        /** Adds a drift of a true coefficient, e.g. {@code Drift.add(Duration.ofMinutes(10), "speed", 3.0)}. */
        public Builder drift(Drift drift) {
            scenario = scenario.with(drift);
            return this;
        }

        /** Adds a span in which a sensor publishes nothing, e.g. {@code Dropout.of("speed", ofMinutes(5), ofMinutes(2))}. */
        public Builder dropout(Dropout dropout) {
            scenario = scenario.with(dropout);
            return this;
        }

        /** Adds a span in which a sensor repeats its last value, e.g. {@code Stuck.of("feed", ofMinutes(5), ofMinutes(2))}. */
        public Builder stuck(Stuck stuck) {
            scenario = scenario.with(stuck);
            return this;
        }

        /** Adds a feature derived from another, e.g. {@code Collinear.of("feed", 2, "speed", 1)}. */
        public Builder collinear(Collinear collinear) {
            scenario = scenario.with(collinear);
            return this;
        }

        /** Replaces the whole scenario (drifts, dropouts, stuck sensors, collinear features); null = none. */
        public Builder scenario(Scenario scenario) {
            this.scenario = scenario == null ? Scenario.NONE : scenario;
            return this;
        }

        /** Sends over CoAP to {@code coap} instead of MQTT; null = MQTT. */
        public Builder coap(CoapTarget coap) {
            this.coap = coap;
            return this;
        }

        /**
         * Validates the combination (e.g. number format with accelerated time is rejected, and
         * so is a scenario naming a line the fleet does not have).
         */
        public FleetConfig build() {
            return new FleetConfig(brokerUri, clientId, username, password, lines, linePrefix, topicPrefix,
                    ratePerSecond, seed, format, qos, duration, maxTicks, noiseStdDev, eventTime, maxInFlight,
                    connectTimeout, scenario, coap);
        }
    }
}
