package io.linegate.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.linegate.gateway.decode.DecodeLimits;
import io.linegate.gateway.decode.Ids;
import io.linegate.gateway.decode.PayloadFormat;
import io.linegate.gateway.outbox.FullPolicy;
import io.linegate.gateway.outbox.OutboxConfig;
import io.linegate.gateway.outbox.SyncPolicy;
import io.linegate.gateway.quality.DriftConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the gateway's one YAML file into a validated {@link GatewayConfig}. Every refusal is
 * a {@link ConfigException} naming the key and the reason; unknown keys are refused.
 */
public final class ConfigLoader {

    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigLoader() {
    }

    /** Loads and validates {@code file}. */
    public static GatewayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("(file)", "no such file: " + file);
        } catch (IOException e) {
            throw new ConfigException("(file)", "cannot read " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    /** Parses and validates YAML text. */
    public static GatewayConfig parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigException("(file)", "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = MissingNode.getInstance();
        }
        return read(new ConfigNode("", root));
    }

    private static GatewayConfig read(ConfigNode root) {
        ConfigNode gateway = root.child("gateway");
        String gatewayId = gateway.string("id", "edge-01");
        if (!Ids.isValid(gatewayId)) {
            throw new ConfigException("gateway.id", "must match " + Ids.PATTERN_TEXT + ". Found: " + gatewayId);
        }
        gateway.rejectUnknownKeys();

        ConfigNode sensorsNode = root.child("sensors");
        MqttSourceConfig sensors = readSensors(sensorsNode.child("mqtt"), gatewayId);
        CoapSourceConfig coap = CoapConfigReader.read(sensorsNode);
        sensorsNode.rejectUnknownKeys();
        if (!sensors.enabled() && !coap.active()) {
            throw new ConfigException("sensors.mqtt.enabled", "false leaves no source of readings; configure sensors.coap");
        }

        LinesConfig lines = readLines(root.child("lines"));
        UpstreamConfig upstream = readUpstream(root.child("upstream"), gatewayId);

        ConfigNode storage = root.child("storage");
        Path storageDir = Path.of(storage.string("dir", "./data"));
        OutboxConfig outbox = readOutbox(storage.child("outbox"), storageDir.resolve("outbox"));
        Duration checkpointInterval = positive(storage, "checkpointInterval", Duration.ofSeconds(30));
        storage.rejectUnknownKeys();

        LimitsConfig limits = readLimits(root.child("limits"));
        EmbeddedBrokerConfig embedded = readEmbedded(root.child("embeddedBroker"));
        HttpConfig http = readHttp(root.child("http"));
        LoggingConfig logging = readLogging(root.child("logging"));
        root.rejectUnknownKeys();
        return new GatewayConfig(gatewayId, sensors, coap, lines, upstream, storageDir, outbox, checkpointInterval,
                limits, embedded, http, logging);
    }

    private static MqttSourceConfig readSensors(ConfigNode n, String gatewayId) {
        boolean enabled = n.bool("enabled", true);
        String broker = n.string("broker", "tcp://127.0.0.1:1883");
        checkBroker(n.keyPath("broker"), broker);
        String clientId = n.string("clientId", "linegate-" + gatewayId + "-sensors");
        int qos = n.integer("qos", 1, 0, 2);
        PayloadFormat format = n.choice("format", PayloadFormat.AUTO, PayloadFormat.class);
        List<Subscription> subscriptions = readSubscriptions(n, qos, format);
        TopicPattern pattern;
        try {
            pattern = TopicPattern.parse(n.string("topicPattern", TopicPattern.DEFAULT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n.keyPath("topicPattern"), e.getMessage());
        }
        boolean cleanStart = n.bool("cleanStart", true);
        Duration sessionExpiry = nonNegative(n, "sessionExpiry", Duration.ZERO);
        Duration keepAlive = keepAlive(n);
        String username = n.string("username", null);
        String password = n.string("password", null);
        n.rejectUnknownKeys();
        return wrap(n.path(), () -> new MqttSourceConfig(enabled, broker, clientId, subscriptions, pattern, qos, format,
                cleanStart, sessionExpiry, keepAlive, username, password));
    }

    /** {@code subscriptions}: a list of filter strings or {@code {filter, format, qos}} mappings. */
    private static List<Subscription> readSubscriptions(ConfigNode n, int qos, PayloadFormat format) {
        JsonNode list = n.raw("subscriptions");
        if (list == null || list.isNull()) {
            return List.of(new Subscription("sensors/#", format, qos));
        }
        if (list.isTextual()) {
            list = YAML.createArrayNode().add(list);
        }
        if (!list.isArray() || list.isEmpty()) {
            throw new ConfigException(n.keyPath("subscriptions"), "must list at least one topic filter");
        }
        List<Subscription> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String key = n.keyPath("subscriptions") + "[" + i + "]";
            JsonNode item = list.get(i);
            Subscription s;
            if (item.isTextual()) {
                s = new Subscription(item.asText(), format, qos);
            } else if (item.isObject()) {
                ConfigNode sub = new ConfigNode(key, item);
                String filter = sub.string("filter", null);
                if (filter == null) {
                    throw new ConfigException(sub.keyPath("filter"), "is required");
                }
                s = new Subscription(filter, sub.choice("format", format, PayloadFormat.class),
                        sub.integer("qos", qos, 0, 2));
                sub.rejectUnknownKeys();
                key = sub.keyPath("filter");
            } else {
                throw new ConfigException(key, "must be a topic filter or {filter, format, qos}");
            }
            checkFilter(key, s.filter());
            out.add(s);
        }
        return out;
    }

    private static LinesConfig readLines(ConfigNode n) {
        JsonNode defaultsRaw = n.raw("defaults");
        LineConfig defaults = readLine(new ConfigNode(n.keyPath("defaults"), defaultsRaw));
        Map<String, LineConfig> lines = new LinkedHashMap<>();
        for (String key : n.keys()) {
            if (key.equals("defaults")) {
                continue;
            }
            if (!Ids.isValid(key)) {
                throw new ConfigException(n.keyPath(key), "line id must match " + Ids.PATTERN_TEXT);
            }
            JsonNode merged = ConfigNode.merge(defaultsRaw, n.raw(key));
            lines.put(key, readLine(new ConfigNode(n.keyPath(key), merged)));
        }
        n.rejectUnknownKeys();
        return new LinesConfig(defaults, lines);
    }

    private static LineConfig readLine(ConfigNode n) {
        List<String> features = n.strings("features", List.of("feed", "state", "speed"));
        String target = n.string("target", "efficiency");
        Duration window = positive(n, "window", Duration.ofSeconds(1));
        Duration lateness = nonNegative(n, "lateness", Duration.ofSeconds(1));
        Duration idleTimeout = positive(n, "idleTimeout", Duration.ofSeconds(3));
        WindowStatistic statistic = n.choice("statistic", WindowStatistic.MEAN, WindowStatistic.class);
        ConfigNode m = n.child("model");
        ModelKind kind = m.choice("kind", ModelKind.OLS, ModelKind.class);
        boolean intercept = m.bool("intercept", true);
        double level = m.number("intervalLevel", ModelConfig.DEFAULT_INTERVAL_LEVEL, 0, 0.999999);
        int minObservations = m.integer("minObservations", 0, 0, 1_000_000);
        int scoreHorizon = m.integer("scoreHorizon", ModelConfig.DEFAULT_SCORE_HORIZON, 1, 100_000);
        Duration summaryInterval = nonNegative(m, "summaryInterval", ModelConfig.DEFAULT_SUMMARY_INTERVAL);
        if (kind == ModelKind.OLS && m.raw("forgetting") != null) {
            throw new ConfigException(m.keyPath("forgetting"), "applies to kind rls only; ols forgets nothing");
        }
        double forgetting = kind == ModelKind.RLS ? m.number("forgetting", ModelConfig.DEFAULT_FORGETTING, 0, 1) : 1;
        m.rejectUnknownKeys();
        int parameters = features.size() + (intercept ? 1 : 0);
        if (minObservations != 0 && minObservations < parameters + 1) {
            throw new ConfigException(m.keyPath("minObservations"), "must be 0 (the model's default) or at least "
                    + (parameters + 1) + " (parameters + 1, so an interval is defined). Found: " + minObservations);
        }
        ModelConfig model = wrap(m.path(), () -> new ModelConfig(kind, intercept, level, minObservations, forgetting,
                scoreHorizon, summaryInterval));
        DriftConfig drift = readDrift(n.child("drift"));
        MissingConfig missing = readMissing(n.child("missing"));
        Map<String, ControlBounds> controls = readControls(n.child("controls"), features);
        if (drift.reaction() == DriftConfig.Reaction.FORGET && kind != ModelKind.RLS) {
            throw new ConfigException(n.keyPath("drift") + ".reaction",
                    "forget needs model kind rls (ols never forgets; use reset)");
        }
        n.rejectUnknownKeys();
        return wrap(n.path(), () -> new LineConfig(features, target, window, lateness, idleTimeout, statistic, model,
                drift, missing, controls));
    }

    private static DriftConfig readDrift(ConfigNode n) {
        DriftConfig d = DriftConfig.defaults();
        DriftConfig.Method method = n.choice("method", d.method(), DriftConfig.Method.class);
        boolean standardize = n.bool("standardize", d.standardize());
        double delta = n.number("delta", d.delta(), -Double.MIN_VALUE, Double.MAX_VALUE);
        double lambda = n.number("lambda", d.lambda(), 0, Double.MAX_VALUE);
        int minInstances = n.integer("minInstances", d.minInstances(), 1, DriftConfig.MAX_WINDOWS);
        double k = n.number("k", d.k(), -Double.MIN_VALUE, Double.MAX_VALUE);
        double h = n.number("h", d.h(), 0, Double.MAX_VALUE);
        int warmup = n.integer("warmup", d.warmup(), 2, DriftConfig.MAX_WINDOWS);
        DriftConfig.Reaction reaction = n.choice("reaction", d.reaction(), DriftConfig.Reaction.class);
        double forgetFactor = n.number("forgetFactor", d.forgetFactor(), 0, Math.nextDown(1.0));
        int forgetWindows = n.integer("forgetWindows", d.forgetWindows(), 1, DriftConfig.MAX_WINDOWS);
        n.rejectUnknownKeys();
        return wrap(n.path(), () -> new DriftConfig(method, standardize, delta, lambda, minInstances, k, h, warmup,
                reaction, forgetFactor, forgetWindows));
    }

    private static MissingConfig readMissing(ConfigNode n) {
        MissingConfig.Policy policy = n.choice("policy", MissingConfig.Policy.SKIP, MissingConfig.Policy.class);
        Duration maxStaleness = nonNegative(n, "maxStaleness", MissingConfig.DEFAULT_MAX_STALENESS);
        n.rejectUnknownKeys();
        return wrap(n.path(), () -> new MissingConfig(policy, maxStaleness));
    }

    private static Map<String, ControlBounds> readControls(ConfigNode n, List<String> features) {
        Map<String, ControlBounds> controls = new LinkedHashMap<>();
        for (String feature : n.keys()) {
            if (!features.contains(feature)) {
                throw new ConfigException(n.keyPath(feature), "is not one of the features " + features);
            }
            ConfigNode c = n.child(feature);
            double min = c.number("min", Double.NaN, -Double.MAX_VALUE, Double.MAX_VALUE);
            double max = c.number("max", Double.NaN, -Double.MAX_VALUE, Double.MAX_VALUE);
            if (Double.isNaN(min) || Double.isNaN(max)) {
                throw new ConfigException(c.path(), "needs both min and max");
            }
            c.rejectUnknownKeys();
            controls.put(feature, wrap(c.path(), () -> new ControlBounds(min, max)));
        }
        return controls;
    }

    private static UpstreamConfig readUpstream(ConfigNode n, String gatewayId) {
        String broker = n.string("broker", "tcp://127.0.0.1:1883");
        checkBroker(n.keyPath("broker"), broker);
        String clientId = n.string("clientId", "linegate-" + gatewayId + "-upstream");
        String prefix = n.string("topicPrefix", "linegate/{gatewayId}").replace("{gatewayId}", gatewayId);
        OutputFormat format = n.choice("format", OutputFormat.PROTOBUF, OutputFormat.class);
        int qos = n.integer("qos", 1, 0, 2);
        int maxInFlight = n.integer("maxInFlight", 1000, 1, 65535);
        int replayRate = n.integer("replayRate", UpstreamConfig.DEFAULT_REPLAY_RATE, 0, 1_000_000);
        Duration keepAlive = keepAlive(n);
        String username = n.string("username", null);
        String password = n.string("password", null);
        n.rejectUnknownKeys();
        return wrap(n.path(), () -> new UpstreamConfig(broker, clientId, prefix, format, qos, maxInFlight, replayRate,
                keepAlive, username, password));
    }

    private static OutboxConfig readOutbox(ConfigNode n, Path dir) {
        long maxBytes = n.integer("maxMegabytes", 256, 1, 1_000_000) * (1L << 20);
        Duration maxAge = positive(n, "maxAge", OutboxConfig.DEFAULT_MAX_AGE);
        FullPolicy policy = n.choice("policy", FullPolicy.DROP_OLDEST, FullPolicy.class);
        SyncPolicy sync = n.choice("sync", SyncPolicy.EVERY_APPEND, SyncPolicy.class);
        Duration syncInterval = positive(n, "syncInterval", OutboxConfig.DEFAULT_SYNC_INTERVAL);
        long segmentBytes = Math.max(64L << 10, Math.min(OutboxConfig.DEFAULT_SEGMENT_BYTES, maxBytes / 8));
        n.rejectUnknownKeys();
        return wrap(n.path(), () -> new OutboxConfig(dir, maxBytes, maxAge, segmentBytes, policy, sync, syncInterval));
    }

    private static LimitsConfig readLimits(ConfigNode n) {
        DecodeLimits d = DecodeLimits.defaults();
        int maxLines = n.integer("maxLines", 10_000, 1, 10_000_000);
        int maxPayloadBytes = n.integer("maxPayloadBytes", d.maxPayloadBytes(), 1, 256 * 1024 * 1024);
        int maxJsonDepth = n.integer("maxJsonDepth", d.maxJsonDepth(), 1, 1000);
        int maxJsonStringLength = n.integer("maxJsonStringLength", d.maxJsonStringLength(), 1, 100_000_000);
        int maxReadingsPerBatch = n.integer("maxReadingsPerBatch", d.maxReadingsPerBatch(), 1, 10_000_000);
        int workers = n.integer("workers", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 1024);
        int queueCapacity = n.integer("queueCapacity", 65_536, 1, 100_000_000);
        int deadLetters = n.integer("deadLettersPerSecond", 10, 0, 1_000_000);
        Duration maxFutureSkew = nonNegative(n, "maxFutureSkew", Duration.ofMinutes(5));
        n.rejectUnknownKeys();
        DecodeLimits decode = wrap(n.path(),
                () -> new DecodeLimits(maxPayloadBytes, maxJsonDepth, maxJsonStringLength, maxReadingsPerBatch));
        return wrap(n.path(), () -> new LimitsConfig(maxLines, decode, workers, queueCapacity, deadLetters,
                maxFutureSkew));
    }

    private static EmbeddedBrokerConfig readEmbedded(ConfigNode n) {
        String host = n.string("host", "127.0.0.1");
        int port = n.integer("port", 1883, 1, 65535);
        int maxQueued = n.integer("maxQueuedMessages", 1_000_000, 1, Integer.MAX_VALUE);
        n.rejectUnknownKeys();
        return new EmbeddedBrokerConfig(host, port, maxQueued);
    }

    private static HttpConfig readHttp(ConfigNode n) {
        boolean enabled = n.bool("enabled", true);
        String bind = n.string("bind", HttpConfig.DEFAULT_BIND);
        int port = n.integer("port", HttpConfig.DEFAULT_PORT, 0, 65535);
        int maxRequestBytes = n.integer("maxRequestBytes", HttpConfig.DEFAULT_MAX_REQUEST_BYTES,
                HttpConfig.MIN_REQUEST_BYTES, HttpConfig.MAX_REQUEST_BYTES);
        String tokenFileName = n.string("tokenFile", null);
        Path tokenFile = tokenFileName == null ? null : Path.of(tokenFileName);
        String tokenEnv = n.string("tokenEnv", HttpConfig.DEFAULT_TOKEN_ENV);
        if (n.raw("token") != null) {
            throw new ConfigException(n.keyPath("token"), "a token does not belong in the YAML: put it in the file "
                    + "named by http.tokenFile or in the environment variable named by http.tokenEnv");
        }
        n.rejectUnknownKeys();
        return wrap(n.path(), () -> new HttpConfig(enabled, bind, port, maxRequestBytes, tokenFile, tokenEnv));
    }

    private static LoggingConfig readLogging(ConfigNode n) {
        String level = n.string("level", null);
        ConfigNode byLogger = n.child("levels");
        Map<String, String> levels = new LinkedHashMap<>();
        for (String logger : byLogger.keys()) {
            levels.put(logger, byLogger.string(logger, null));
        }
        n.rejectUnknownKeys();
        return wrap(n.path(), () -> new LoggingConfig(level, levels));
    }

    /** MQTT carries the keep-alive in 16 bits of seconds. */
    private static Duration keepAlive(ConfigNode n) {
        Duration d = positive(n, "keepAlive", Duration.ofSeconds(30));
        if (d.toSeconds() < 1 || d.toSeconds() > 65_535) {
            throw new ConfigException(n.keyPath("keepAlive"), "must be between 1s and 65535s. Found: " + Durations.format(d));
        }
        return d;
    }

    private static Duration positive(ConfigNode n, String key, Duration defaultValue) {
        Duration d = n.duration(key, defaultValue);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(n.keyPath(key), "must be greater than 0. Found: " + Durations.format(d));
        }
        return d;
    }

    private static Duration nonNegative(ConfigNode n, String key, Duration defaultValue) {
        Duration d = n.duration(key, defaultValue);
        if (d.isNegative()) {
            throw new ConfigException(n.keyPath(key), "must not be negative. Found: " + d);
        }
        return d;
    }

    private static void checkBroker(String key, String broker) {
        if (broker.equals(GatewayConfig.EMBEDDED)) {
            return;
        }
        if (!broker.matches("(tcp|ssl|ws|wss)://[^\\s/]+(:\\d{1,5})?/?")) {
            throw new ConfigException(key,
                    "must be 'embedded' or a broker URI such as tcp://127.0.0.1:1883. Found: " + broker);
        }
    }

    private static void checkFilter(String key, String filter) {
        if (filter.isEmpty()) {
            throw new ConfigException(key, "must not be empty");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean badHash = level.contains("#") && (!level.equals("#") || i != levels.length - 1);
            boolean badPlus = level.contains("+") && !level.equals("+");
            if (badHash || badPlus) {
                throw new ConfigException(key, "is not a valid MQTT topic filter. Found: " + filter);
            }
        }
    }

    /** Turns a record's own validation failure into an error that names the config path. */
    static <T> T wrap(String path, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int space = message.indexOf(' ');
            String first = space > 0 ? message.substring(0, space).replace(":", "") : "";
            boolean namesKey = !first.isEmpty() && first.chars().allMatch(Character::isLetterOrDigit);
            return failWith(namesKey ? path + "." + first : path,
                    namesKey ? message.substring(space + 1).replaceFirst("^: ?", "") : message);
        }
    }

    private static <T> T failWith(String key, String reason) {
        throw new ConfigException(key, reason);
    }
}
