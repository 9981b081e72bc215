package io.linegate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linegate.gateway.decode.PayloadFormat;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    /** The example in the README, verbatim. */
    static final String README_EXAMPLE = """
            gateway:
              id: edge-01
            sensors:
              mqtt:
                broker: tcp://127.0.0.1:1883      # or: embedded
                subscriptions: ["sensors/#"]
                topicPattern: "sensors/{line}/{sensor}"
                qos: 1
            lines:
              defaults:
                features: [feed, state, speed]
                target: efficiency
                window: 1s
                lateness: 1s
                idleTimeout: 3s
                model:
                  kind: ols
            upstream:
              broker: tcp://127.0.0.1:1883
              topicPrefix: linegate/edge-01
              format: json
              qos: 1
            storage:
              dir: ./data
            """;

    @Test
    void readsTheReadmeExample() {
        GatewayConfig config = ConfigLoader.parse(README_EXAMPLE);

        assertThat(config.gatewayId()).isEqualTo("edge-01");
        assertThat(config.sensors().broker()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(config.sensors().subscriptions()).containsExactly(new Subscription("sensors/#", PayloadFormat.AUTO, 1));
        assertThat(config.sensors().qos()).isEqualTo(1);
        assertThat(config.sensors().format()).isEqualTo(PayloadFormat.AUTO);
        LineConfig line = config.lines().forLine("any-line");
        assertThat(line.features()).containsExactly("feed", "state", "speed");
        assertThat(line.target()).isEqualTo("efficiency");
        assertThat(line.window()).isEqualTo(Duration.ofSeconds(1));
        assertThat(line.lateness()).isEqualTo(Duration.ofSeconds(1));
        assertThat(line.idleTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(line.model().kind()).isEqualTo(ModelKind.OLS);
        assertThat(config.upstream().topicPrefix()).isEqualTo("linegate/edge-01");
        assertThat(config.upstream().format()).isEqualTo(OutputFormat.JSON);
        assertThat(config.storageDir().toString()).isEqualTo("./data");
        assertThat(config.needsEmbeddedBroker()).isFalse();
    }

    @Test
    void appliesDefaultsToAnEmptyFile() {
        GatewayConfig config = ConfigLoader.parse("");

        assertThat(config.upstream().topicPrefix()).isEqualTo("linegate/edge-01");
        assertThat(config.upstream().format()).isEqualTo(OutputFormat.PROTOBUF);
        assertThat(config.sensors().topicPattern().toString()).isEqualTo("sensors/{line}/{sensor}");
        assertThat(config.embeddedBroker().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void perLineSettingsOverrideDefaultsKeyByKey() {
        GatewayConfig config = ConfigLoader.parse("""
                lines:
                  defaults:
                    features: [feed, state, speed]
                    window: 1s
                    model: {kind: ols, intervalLevel: 0.9}
                  L7:
                    window: 5m
                    model: {intercept: false}
                """);

        LineConfig l7 = config.lines().forLine("L7");
        assertThat(l7.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(l7.features()).containsExactly("feed", "state", "speed");
        assertThat(l7.model().intercept()).isFalse();
        assertThat(l7.model().intervalLevel()).isEqualTo(0.9);
        assertThat(config.lines().forLine("L8").window()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void expandsGatewayIdInDefaultTopicPrefix() {
        GatewayConfig config = ConfigLoader.parse("gateway: {id: press-3}");

        assertThat(config.upstream().topicPrefix()).isEqualTo("linegate/press-3");
        assertThat(config.sensors().clientId()).isEqualTo("linegate-press-3-sensors");
    }

    @Test
    void readsOutboxSettingsUnderStorage() {
        GatewayConfig config = ConfigLoader.parse("""
                storage:
                  dir: /var/lib/linegate
                  outbox: {maxMegabytes: 64, maxAge: 2d, policy: reject-new, sync: interval, syncInterval: 200ms}
                """);

        assertThat(config.outbox().dir().toString()).isEqualTo("/var/lib/linegate/outbox");
        assertThat(config.outbox().maxBytes()).isEqualTo(64L << 20);
        assertThat(config.outbox().maxAge()).isEqualTo(Duration.ofDays(2));
        assertThat(config.outbox().policy()).isEqualTo(io.linegate.gateway.outbox.FullPolicy.REJECT_NEW);
        assertThat(config.outbox().sync()).isEqualTo(io.linegate.gateway.outbox.SyncPolicy.INTERVAL);
        assertThat(config.outbox().syncInterval()).isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> ConfigLoader.parse("storage: {outbox: {policy: drop-newest}}"))
                .hasMessage("storage.outbox.policy: must be one of drop-oldest, reject-new. Found: drop-newest");
    }

    @Test
    void readsTheRlsForgettingFactorAndRefusesItForOls() {
        LineConfig rls = ConfigLoader.parse("lines: {defaults: {model: {kind: rls, forgetting: 0.95}}}").lines()
                .forLine("L1");
        assertThat(rls.model().kind()).isEqualTo(ModelKind.RLS);
        assertThat(rls.model().forgetting()).isEqualTo(0.95);
        assertThat(ConfigLoader.parse("lines: {defaults: {model: {kind: rls}}}").lines().forLine("L1").model()
                .forgetting()).isEqualTo(ModelConfig.DEFAULT_FORGETTING);
        assertThat(ConfigLoader.parse("").lines().forLine("L1").model().forgetting()).isEqualTo(1);
        assertThatThrownBy(() -> ConfigLoader.parse("lines: {defaults: {model: {kind: rls, forgetting: 1.5}}}"))
                .hasMessageStartingWith("lines.defaults.model.forgetting: must be greater than 0.0 and at most 1.0");
        assertThatThrownBy(() -> ConfigLoader.parse("lines: {defaults: {model: {kind: ols, forgetting: 0.9}}}"))
                .hasMessageStartingWith("lines.defaults.model.forgetting: applies to kind rls only");
    }

    @Test
    void readsTheReplayRateAndRefusesANegativeOne() {
        assertThat(ConfigLoader.parse("").upstream().replayRate()).isEqualTo(UpstreamConfig.DEFAULT_REPLAY_RATE);
        assertThat(ConfigLoader.parse("upstream: {replayRate: 0}").upstream().replayRate()).isZero();
        assertThat(ConfigLoader.parse("upstream: {replayRate: 150}").upstream().replayRate()).isEqualTo(150);
        assertThatThrownBy(() -> ConfigLoader.parse("upstream: {replayRate: -5}"))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("upstream.replayRate");
    }

    @Test
    void parsesOperatorDurations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    }

    @Test
    void refusesDurationWithoutUnitNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("lines: {defaults: {window: 10}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("lines.defaults.window: not a duration: '10'")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("lines.defaults.window");
    }

    @Test
    void refusesUnknownKeys() {
        assertThatThrownBy(() -> ConfigLoader.parse("upstream: {topicprefix: x}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("upstream.topicprefix: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("lines: {L1: {windw: 1s}}"))
                .hasMessage("lines.L1.windw: unknown key");
    }

    @Test
    void refusesInvalidValuesNamingKeyAndReason() {
        assertThatThrownBy(() -> ConfigLoader.parse("lines: {L1: {window: 0s}}"))
                .hasMessage("lines.L1.window: must be greater than 0. Found: 0ms");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {mqtt: {qos: 3}}"))
                .hasMessage("sensors.mqtt.qos: must be between 0 and 2. Found: 3");
        assertThatThrownBy(() -> ConfigLoader.parse("upstream: {format: xml}"))
                .hasMessage("upstream.format: must be one of protobuf, json. Found: xml");
        assertThatThrownBy(() -> ConfigLoader.parse("gateway: {id: 'edge 01'}"))
                .hasMessageStartingWith("gateway.id: must match");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {mqtt: {broker: 'localhost'}}"))
                .hasMessageStartingWith("sensors.mqtt.broker: must be 'embedded' or a broker URI");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {mqtt: {subscriptions: ['a/#/b']}}"))
                .hasMessageStartingWith("sensors.mqtt.subscriptions[0]: is not a valid MQTT topic filter");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {mqtt: {topicPattern: 'sensors/{sensor}/{line}'}}"))
                .hasMessageStartingWith("sensors.mqtt.topicPattern: {sensor} must be the last level");
        assertThatThrownBy(() -> ConfigLoader.parse("lines: {defaults: {features: [feed], target: feed}}"))
                .hasMessage("lines.defaults.target: 'feed' is also a feature");
        assertThatThrownBy(() -> ConfigLoader.parse("lines: {defaults: {features: []}}"))
                .hasMessage("lines.defaults.features: must name at least one sensor");
        assertThatThrownBy(() -> ConfigLoader.parse("lines: {defaults: {model: {kind: lstm}}}"))
                .hasMessage("lines.defaults.model.kind: must be one of ols, rls. Found: lstm");
        assertThatThrownBy(() -> ConfigLoader.parse("lines: {'bad line': {window: 1s}}"))
                .hasMessageStartingWith("lines.bad line: line id must match");
        assertThatThrownBy(() -> ConfigLoader.parse("lines: {defaults: {model: {minObservations: 3}}}"))
                .hasMessageStartingWith("lines.defaults.model.minObservations: must be 0 (the model's default) or at least 5");
        assertThatThrownBy(() -> ConfigLoader.parse("limits: {maxLines: 0}"))
                .hasMessage("limits.maxLines: must be between 1 and 10000000. Found: 0");
    }

    @Test
    void refusesMalformedYamlWithItsLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("gateway:\n  id: [unclosed\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("(file): not valid YAML");
    }

    @Test
    void readsPerSubscriptionFormatAndQos() {
        GatewayConfig config = ConfigLoader.parse("""
                sensors:
                  mqtt:
                    qos: 0
                    subscriptions:
                      - "sensors/#"
                      - {filter: "plant/+/batch", format: protobuf, qos: 1}
                    topicPattern: "plant/{line}/batch/{sensor}"
                """);

        assertThat(config.sensors().subscriptions()).containsExactly(
                new Subscription("sensors/#", PayloadFormat.AUTO, 0),
                new Subscription("plant/+/batch", PayloadFormat.PROTOBUF, 1));
        assertThat(config.sensors().formatFor("plant/L1/batch")).isEqualTo(PayloadFormat.PROTOBUF);
        assertThat(config.sensors().formatFor("sensors/L1/feed")).isEqualTo(PayloadFormat.AUTO);
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {mqtt: {subscriptions: [{format: json}]}}"))
                .hasMessage("sensors.mqtt.subscriptions[0].filter: is required");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {mqtt: {subscriptions: [{filter: a, fromat: json}]}}"))
                .hasMessage("sensors.mqtt.subscriptions[0].fromat: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {mqtt: {subscriptions: []}}"))
                .hasMessage("sensors.mqtt.subscriptions: must list at least one topic filter");
    }

    @Test
    void acceptsSharedSubscriptionsAndEmbeddedBrokers() {
        GatewayConfig config = ConfigLoader.parse("""
                sensors:
                  mqtt:
                    broker: embedded
                    subscriptions: ["$share/linegate/sensors/#"]
                upstream:
                  broker: embedded
                embeddedBroker:
                  port: 11883
                """);

        assertThat(config.sensors().subscriptions()).extracting(Subscription::filter)
                .containsExactly("$share/linegate/sensors/#");
        assertThat(config.needsEmbeddedBroker()).isTrue();
        assertThat(config.embeddedBroker().uri()).isEqualTo("tcp://127.0.0.1:11883");
        assertThat(List.of(config.sensors().embedded(), config.upstream().embedded())).containsOnly(true);
    }

    @Test
    void operatorHttpDefaultsToLoopbackPort8080() {
        HttpConfig http = ConfigLoader.parse("").http();

        assertThat(http).isEqualTo(new HttpConfig(true, "127.0.0.1", 8080, 8192));
        assertThat(http).isEqualTo(HttpConfig.defaults());
    }

    @Test
    void readsOperatorHttpSettings() {
        HttpConfig http = ConfigLoader.parse("http: {enabled: false, bind: '::1', port: 0, maxRequestBytes: 4096}").http();

        assertThat(http).isEqualTo(new HttpConfig(false, "::1", 0, 4096));
        assertThat(ConfigLoader.parse("http: {bind: 0.0.0.0}").http().bind())
                .as("beyond loopback is allowed by config (the server warns)").isEqualTo("0.0.0.0");
    }

    @Test
    void refusesInvalidOperatorHttpSettingsNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("http: {port: 70000}"))
                .hasMessage("http.port: must be between 0 and 65535. Found: 70000");
        assertThatThrownBy(() -> ConfigLoader.parse("http: {port: -1}"))
                .hasMessage("http.port: must be between 0 and 65535. Found: -1");
        assertThatThrownBy(() -> ConfigLoader.parse("http: {maxRequestBytes: 100}"))
                .hasMessage("http.maxRequestBytes: must be between 1024 and 1048576. Found: 100");
        assertThatThrownBy(() -> ConfigLoader.parse("http: {enabled: yes please}"))
                .hasMessageStartingWith("http.enabled: must be true or false");
        assertThatThrownBy(() -> ConfigLoader.parse("http: {bind: ' '}"))
                .hasMessageStartingWith("http.bind: must be an IP address or host name");
        assertThatThrownBy(() -> ConfigLoader.parse("http: {prot: 80}"))
                .hasMessage("http.prot: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("http: 8080"))
                .hasMessage("http: must be a mapping");
    }

    @Test
    void readsWhereTheHttpTokenIsButNeverATokenItself() {
        HttpConfig http = ConfigLoader.parse("http: {bind: 0.0.0.0, tokenFile: /etc/linegate/token, tokenEnv: MY_TOKEN}")
                .http();

        assertThat(http.tokenFile()).isEqualTo(java.nio.file.Path.of("/etc/linegate/token"));
        assertThat(http.tokenEnv()).isEqualTo("MY_TOKEN");
        assertThat(http.loopbackOnly()).isFalse();
        assertThat(ConfigLoader.parse("").http().tokenEnv()).isEqualTo("LINEGATE_HTTP_TOKEN");
        assertThat(ConfigLoader.parse("").http().loopbackOnly()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.parse("http: {token: abcdefabcdefabcdef}"))
                .hasMessageStartingWith("http.token: a token does not belong in the YAML");
        assertThatThrownBy(() -> ConfigLoader.parse("http: {tokenEnv: 'MY TOKEN'}"))
                .hasMessageStartingWith("http.tokenEnv: must be an environment variable name");
    }

    @Test
    void readsLogLevelsAndRefusesUnknownOnesNamingTheKey() {
        LoggingConfig logging = ConfigLoader.parse("logging: {level: debug, levels: {io.netty: warn, ROOT: error}}")
                .logging();

        assertThat(logging.level()).isEqualTo("DEBUG");
        assertThat(logging.levels()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("io.netty", "WARN",
                "ROOT", "ERROR"));
        assertThat(ConfigLoader.parse("").logging()).isEqualTo(LoggingConfig.defaults());
        assertThatThrownBy(() -> ConfigLoader.parse("logging: {level: loud}"))
                .hasMessageStartingWith("logging.level: must be one of trace, debug");
        assertThatThrownBy(() -> ConfigLoader.parse("logging: {levels: {io.netty: loud}}"))
                .hasMessageStartingWith("logging.levels: must be one of");
        assertThatThrownBy(() -> ConfigLoader.parse("logging: {format: json}"))
                .hasMessage("logging.format: unknown key");
    }
}
