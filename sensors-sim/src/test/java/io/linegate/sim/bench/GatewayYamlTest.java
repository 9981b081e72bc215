package io.linegate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GatewayYamlTest {

    @Test
    void pointsSensorsAndUpstreamAtTheBenchBrokerWithJsonPredictionsAndTheHttpBlock() {
        String text = new GatewayYaml("tcp://127.0.0.1:41234", 0, 0, 10, Path.of("/tmp/bench/data"), 45678).text();

        assertThat(text).contains(
                "sensors:\n  mqtt:\n    broker: 'tcp://127.0.0.1:41234'\n    subscriptions: [\"sensors/#\"]\n"
                        + "    topicPattern: \"sensors/{line}/{sensor}\"\n    qos: 0\n",
                "lines:\n  defaults:\n    features: [feed, state, speed]\n    target: efficiency\n    window: 1000ms\n"
                        + "    lateness: 1s\n    idleTimeout: 3000ms\n",
                "upstream:\n  broker: 'tcp://127.0.0.1:41234'\n  topicPrefix: linegate/bench\n  format: protobuf\n  qos: 1\n",
                "storage:\n  dir: '/tmp/bench/data'\n",
                "limits:\n  maxLines: 100\n",
                "http:\n  enabled: true\n  bind: 127.0.0.1\n  port: 45678\n");
        assertThat(text).doesNotContain("embeddedBroker");
    }

    @Test
    void writesWiderModelsAndLongerWindowsWithAnIdleTimeoutTwoSecondsPastTheWindow() {
        String text = new GatewayYaml("tcp://127.0.0.1:1", 0, 0, 10, Path.of("/d"), 1,
                AuxiliaryFeatures.featureIds(5), java.time.Duration.ofSeconds(5)).text();

        assertThat(text).contains("    features: [feed, state, speed, aux1, aux2]\n    target: efficiency\n"
                + "    window: 5000ms\n    lateness: 1s\n    idleTimeout: 7000ms\n");
    }

    @Test
    void usesTheEmbeddedBrokerOnTheGivenPortWhenThereIsNoStandaloneBroker() {
        GatewayYaml yaml = new GatewayYaml(null, 31883, 1, 5000, Path.of("/tmp/d"), 8080);

        assertThat(yaml.text()).contains("    broker: 'embedded'\n", "  broker: 'embedded'\n",
                "embeddedBroker:\n  host: 127.0.0.1\n  port: 31883\n", "  maxLines: 10000\n");
        assertThat(yaml.brokerUri()).isEqualTo("tcp://127.0.0.1:31883");
    }

    @Test
    void quotesPathsSoThatAnyCharacterSurvives() {
        assertThat(GatewayYaml.quote("/tmp/it's here: #1")).isEqualTo("'/tmp/it''s here: #1'");
    }

    @Test
    void subscribesToEveryLinesPredictions() {
        assertThat(GatewayYaml.predictionsFilter()).isEqualTo("linegate/bench/lines/+/predictions");
    }

    @Test
    void startsTheGatewayWithTheJvmOptionsBeforeTheJar() {
        assertThat(GatewayProcess.command("java", BenchCommand.jvmOptions(" -Xmx256m  -XX:+UseSerialGC "),
                Path.of("gateway.jar"), Path.of("/tmp/g.yaml")))
                .containsExactly("java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", "gateway.jar", "run", "--config",
                        "/tmp/g.yaml");
    }
}
