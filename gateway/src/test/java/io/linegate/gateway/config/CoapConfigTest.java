package io.linegate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies how {@code sensors.coap} is read: defaults, every key, and refusals that name the key. */
class CoapConfigTest {

    @TempDir
    Path dir;

    private Path pskFile() throws Exception {
        return Files.writeString(dir.resolve("psk.txt"), "sensor-1=c2VjcmV0\n");
    }

    @Test
    void runsNoCoapWithoutASection() {
        CoapSourceConfig coap = ConfigLoader.parse("sensors: {mqtt: {broker: embedded}}").coap();

        assertThat(coap.active()).isFalse();
        assertThat(coap.serves()).isFalse();
    }

    @Test
    void servesPlainCoapOnLoopbackWithDefaultsWhenTheSectionIsPresent() {
        CoapSourceConfig coap = ConfigLoader.parse("sensors: {coap: {}}").coap();

        assertThat(coap.enabled()).isTrue();
        assertThat(coap.bind()).isEqualTo("127.0.0.1");
        assertThat(coap.port()).isEqualTo(5683);
        assertThat(coap.maxBodyBytes()).isEqualTo(65536);
        assertThat(coap.dtls().enabled()).isFalse();
        assertThat(coap.observe()).isEmpty();
    }

    @Test
    void readsEveryKey() throws Exception {
        Path psk = pskFile();
        CoapSourceConfig coap = ConfigLoader.parse("""
                sensors:
                  coap:
                    enabled: false
                    bind: 0.0.0.0
                    port: 15683
                    maxBodyBytes: 4096
                    dtls: {bind: 10.0.0.2, port: 15684, pskFile: "%s", cidLength: 4}
                    observe:
                      - {uri: "coap://10.0.0.5/feed", line: L1, sensor: feed}
                """.formatted(psk.toString().replace("\\", "/"))).coap();

        assertThat(coap.enabled()).isFalse();
        assertThat(coap.bind()).isEqualTo("0.0.0.0");
        assertThat(coap.port()).isEqualTo(15683);
        assertThat(coap.maxBodyBytes()).isEqualTo(4096);
        assertThat(coap.dtls()).isEqualTo(new CoapDtlsConfig(true, "10.0.0.2", 15684, psk, 4));
        assertThat(coap.observe()).containsExactly(new ObserveTarget(URI.create("coap://10.0.0.5/feed"), "L1", "feed"));
        assertThat(coap.serves()).isTrue();
    }

    @Test
    void refusesUnknownKeysNamingThem() {
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {coap: {prot: 5683}}"))
                .hasMessage("sensors.coap.prot: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {coap: {dtls: {enabled: false, psk: x}}}"))
                .hasMessage("sensors.coap.dtls.psk: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse(
                "sensors: {coap: {observe: [{uri: 'coap://h/x', line: L1, sensor: s, qos: 1}]}}"))
                .hasMessage("sensors.coap.observe[0].qos: unknown key");
    }

    @Test
    void refusesBadPortsAndSizes() {
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {coap: {port: 70000}}"))
                .hasMessage("sensors.coap.port: must be between 0 and 65535. Found: 70000");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {coap: {port: -1}}"))
                .hasMessage("sensors.coap.port: must be between 0 and 65535. Found: -1");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {coap: {maxBodyBytes: 10}}"))
                .hasMessageStartingWith("sensors.coap.maxBodyBytes: must be between 64 and");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {coap: {dtls: {enabled: false, cidLength: 20}}}"))
                .hasMessage("sensors.coap.dtls.cidLength: must be between 0 and 16. Found: 20");
    }

    @Test
    void refusesTheSamePortForPlainAndDtls() throws Exception {
        String yaml = "sensors: {coap: {port: 5700, dtls: {port: 5700, pskFile: '%s'}}}"
                .formatted(pskFile().toString().replace("\\", "/"));

        assertThatThrownBy(() -> ConfigLoader.parse(yaml))
                .hasMessage("sensors.coap.dtls.port: must differ from sensors.coap.port on the same address. Found: 5700");
    }

    @Test
    void refusesDtlsWithoutAReadablePskFile() {
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {coap: {dtls: {port: 5684}}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sensors.coap.dtls.pskFile: is required");
        Path missing = dir.resolve("nope.txt");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {coap: {dtls: {pskFile: '%s'}}}"
                .formatted(missing.toString().replace("\\", "/"))))
                .hasMessage("sensors.coap.dtls.pskFile: no such file: " + missing);
    }

    @Test
    void refusesObserveTargetsThatAreNotCoapUrisOrBadIds() {
        assertThatThrownBy(() -> ConfigLoader.parse(
                "sensors: {coap: {observe: [{uri: 'http://h/x', line: L1, sensor: s}]}}"))
                .hasMessage("sensors.coap.observe[0].uri: must be coap://host[:port]/path. Found: http://h/x");
        assertThatThrownBy(() -> ConfigLoader.parse(
                "sensors: {coap: {observe: [{uri: 'coap://h/x', line: 'L 1', sensor: s}]}}"))
                .hasMessageStartingWith("sensors.coap.observe[0].line: must match");
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {coap: {observe: [{uri: 'coap://h/x', line: L1}]}}"))
                .hasMessage("sensors.coap.observe[0].sensor: is required");
    }

    @Test
    void mqttCanBeTurnedOffOnlyWhenCoapFeedsTheGateway() {
        GatewayConfig coapOnly = ConfigLoader.parse("sensors: {mqtt: {enabled: false, broker: embedded}, coap: {}}");

        assertThat(coapOnly.sensors().enabled()).isFalse();
        assertThat(coapOnly.needsEmbeddedBroker()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.parse("sensors: {mqtt: {enabled: false}}"))
                .hasMessage("sensors.mqtt.enabled: false leaves no source of readings; configure sensors.coap");
    }
}
