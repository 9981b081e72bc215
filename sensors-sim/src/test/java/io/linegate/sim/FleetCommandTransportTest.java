package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Verifies the transport options of {@code sensors-sim fleet}: {@code --protocol} and the
 * CoAP settings become a {@link CoapTarget}, and options of the other transport, coaps without
 * a PSK file, senml-cbor over MQTT and bad values are usage errors naming the option.
 */
@Timeout(30)
class FleetCommandTransportTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-28T14:00:00Z"), ZoneOffset.UTC);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicReference<FleetConfig> started = new AtomicReference<>();

    @Test
    void coapOptionsBecomeTheFleetsCoapTarget() {
        int code = run("--protocol", "coap", "--coap-uri", "coap://10.0.0.5:5683", "--devices", "16", "--non",
                "--device-in-flight", "4", "--max-retries", "2", "--request-timeout", "5s", "--format", "senml-cbor");

        assertThat(code).as(err.toString()).isZero();
        FleetConfig config = started.get();
        assertThat(config.protocol()).isEqualTo(FleetProtocol.COAP);
        assertThat(config.format()).isEqualTo(PayloadFormat.SENML_CBOR);
        assertThat(config.coap()).isEqualTo(new CoapTarget(URI.create("coap://10.0.0.5:5683"), 16, false, 4, 2,
                Duration.ofSeconds(5), null, null));
        assertThat(out.toString()).contains("Sending 3 lines x 10 ticks/s as senml-cbor (content-format 112) to"
                + " coap://10.0.0.5:5683/lines/<line> from 16 devices (NON, 4 in flight per device");
    }

    @Test
    void defaultsToMqttAndToTheStandardCoapPortsPerProtocol() {
        assertThat(run()).as(err.toString()).isZero();
        assertThat(started.get().protocol()).isEqualTo(FleetProtocol.MQTT);
        assertThat(started.get().coap()).isNull();

        assertThat(run("--protocol", "COAP")).as(err.toString()).isZero();
        assertThat(started.get().coap()).isEqualTo(CoapTarget.coap(URI.create("coap://127.0.0.1:5683")));

        assertThat(run("--protocol", "coaps", "--psk-file", "fleet.psk", "--psk-identity", "fleet-1")).as(err.toString()).isZero();
        assertThat(started.get().protocol()).isEqualTo(FleetProtocol.COAPS);
        assertThat(started.get().coap()).isEqualTo(CoapTarget.coaps(URI.create("coaps://127.0.0.1:5684"),
                Path.of("fleet.psk"), "fleet-1"));
    }

    @Test
    void coapsNeedsAPskFileAndIdentity() {
        assertThat(run("--protocol", "coaps", "--psk-identity", "fleet-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--protocol coaps needs --psk-file FILE and --psk-identity ID (the key is"
                + " read from the file, never from the command line).");
    }

    @Test
    void rejectsOptionsOfTheOtherTransport() {
        assertThat(run("--devices", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("--devices needs --protocol coap or coaps.");

        assertThat(run("--protocol", "mqtt", "--non")).isEqualTo(2);
        assertThat(err.toString()).contains("--non needs --protocol coap or coaps.");

        assertThat(run("--protocol", "coap", "--qos", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--qos is an MQTT option; it does not apply to --protocol coap.");

        assertThat(run("--protocol", "coap", "--broker", "tcp://127.0.0.1:1883")).isEqualTo(2);
        assertThat(err.toString()).contains("--broker is an MQTT option");

        assertThat(run("--protocol", "coap", "--psk-file", "fleet.psk")).isEqualTo(2);
        assertThat(err.toString()).contains("--psk-file needs --protocol coaps.");
    }

    @Test
    void senmlCborIsCoapOnly() {
        assertThat(run("--format", "senml-cbor")).isEqualTo(2);
        assertThat(err.toString()).contains("--format senml-cbor is CoAP only (content-format 112); the gateway's MQTT"
                + " ingest takes number, json, senml and protobuf. Use --protocol coap or coaps.");
    }

    @Test
    void rejectsBadCoapValuesNamingTheOption() {
        assertThat(run("--protocol", "coap", "--coap-uri", "coaps://127.0.0.1:5684")).isEqualTo(2);
        assertThat(err.toString()).contains("--coap-uri must start with coap:// for --protocol coap. Found: coaps://127.0.0.1:5684");

        assertThat(run("--protocol", "coap", "--coap-uri", "coap://127.0.0.1:5683/lines")).isEqualTo(2);
        assertThat(err.toString()).contains("--coap-uri must look like coap://host:port or coaps://host:port (no path)."
                + " Found: coap://127.0.0.1:5683/lines");

        assertThat(run("--protocol", "coap", "--devices", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--devices must be greater than 0. Found: 0");

        assertThat(run("--protocol", "coap", "--device-in-flight", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--device-in-flight must be greater than 0. Found: 0");

        assertThat(run("--protocol", "udp")).isEqualTo(2);
        assertThat(err.toString()).contains("protocol must be one of mqtt, coap, coaps. Found: udp");
    }

    @Test
    void helpListsTheTransportOptions() {
        assertThat(SensorsSimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "fleet", "--help")).isZero();
        assertThat(out.toString()).contains("--protocol=mqtt|coap|coaps", "--coap-uri=URI", "--psk-file=FILE",
                "--psk-identity=ID", "--devices=N", "--non", "--device-in-flight=N", "--max-retries=N",
                "--request-timeout=D", "senml-cbor");
    }

    @Test
    void theBenchmarkRejectsSenmlCborBecauseItPublishesOverMqtt() {
        assertThat(SensorsSimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "--format",
                "senml-cbor")).isEqualTo(2);
        assertThat(err.toString()).contains("--format senml-cbor is CoAP only; the benchmark publishes over MQTT.");
    }

    /** Runs {@code fleet} with a starter that records the config and publishes 1 tick into memory. */
    private int run(String... options) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == FleetCommand.class) {
                    return type.cast(new FleetCommand((config, onDrift) -> {
                        started.set(config);
                        return Fleet.start(config.toBuilder().maxTicks(1).build(), CLOCK,
                                created -> new RecordingSink(RecordingSink.Mode.ACK_NOW, 100), onDrift);
                    }));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        String[] args = new String[options.length + 3];
        args[0] = "fleet";
        args[1] = "--progress-interval";
        args[2] = "0";
        System.arraycopy(options, 0, args, 3, options.length);
        return SensorsSimCli.execute(factory, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
