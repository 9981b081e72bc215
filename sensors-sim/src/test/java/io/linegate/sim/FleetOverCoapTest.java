package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.eclipse.californium.core.coap.CoAP;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Verifies that a fleet sending over CoAP to a real Californium server puts the contract's
 * path, method, content-format and payload on every request, delivers the same readings as
 * over MQTT for the same seed, retries after 5.03 and counts every other answer.
 */
@Timeout(30)
class FleetOverCoapTest {

    private static final long START_MS = 1_764_340_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(START_MS), ZoneOffset.UTC);

    private final CoapTestServer server = CoapTestServer.plain();
    private final List<Fleet> fleets = new ArrayList<>();

    @AfterEach
    void closeEverythingAndCheckForThreads() {
        fleets.forEach(Fleet::close);
        server.close();
        ThreadCheck.awaitNoCoapThreads();
    }

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void sendsEveryFormatToTheContractPathWithItsContentFormatAndTheReadingsOfMqtt(PayloadFormat format) throws Exception {
        FleetConfig config = config(format).coap(CoapTarget.coap(server.uri()).withDevices(3)).build();

        Fleet fleet = start(config);
        fleet.completion().get(20, TimeUnit.SECONDS);

        List<CoapTestServer.Received> received = server.received();
        List<SimMessage> overMqtt = overMqtt(config);
        assertThat(received).hasSize(overMqtt.size());
        for (CoapTestServer.Received request : received) {
            assertThat(request.method()).isEqualTo(CoAP.Code.POST);
            assertThat(request.type()).isEqualTo(CoAP.Type.CON);
            assertThat(request.contentFormat()).isEqualTo(format.coapContentFormat());
            assertThat(request.path()).matches(format.perLine() ? "lines/L[12]" : "lines/L[12]/sensors/(feed|state|speed|efficiency)");
        }
        PayloadFormat mqttFormat = format.overMqtt() ? format : PayloadFormat.SENML;
        assertThat(decoded(format, received)).isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(decodedMqtt(mqttFormat, overMqtt));
        if (format.overMqtt()) {
            assertThat(received.stream().map(r -> new String(r.payload())).toList())
                    .containsExactlyInAnyOrderElementsOf(overMqtt.stream().map(SimMessage::payloadText).toList());
        }
        CoapOutcomes outcomes = fleet.coapOutcomes().orElseThrow();
        assertThat(outcomes.requests()).isEqualTo(received.size());
        assertThat(outcomes.changed()).isEqualTo(received.size());
        assertThat(outcomes.otherCodes()).isEmpty();
        assertThat(fleet.publishedReadings()).isEqualTo(2L * 25 * 4);
        assertThat(received.stream().map(r -> r.source().getPort()).distinct()).hasSize(3);
    }

    @Test
    void sendsNonRequestsWhenAskedTo() throws Exception {
        FleetConfig config = config(PayloadFormat.PROTOBUF)
                .coap(CoapTarget.coap(server.uri()).withConfirmable(false)).build();

        start(config).completion().get(20, TimeUnit.SECONDS);

        assertThat(server.received()).hasSize(2 * 25).allSatisfy(r -> assertThat(r.type()).isEqualTo(CoAP.Type.NON));
    }

    @Test
    void retriesAfterServiceUnavailableWithMaxAgeAndDeliversTheReadingExactlyOnce() throws Exception {
        AtomicBoolean overloaded = new AtomicBoolean(true);
        server.answer(request -> overloaded.getAndSet(false)
                ? new CoapTestServer.Answer(CoAP.ResponseCode.SERVICE_UNAVAILABLE, 1L, "overloaded")
                : CoapTestServer.Answer.CHANGED);
        FleetConfig config = config(PayloadFormat.PROTOBUF).lines(1).maxTicks(1)
                .coap(CoapTarget.coap(server.uri())).build();

        Fleet fleet = start(config);
        fleet.completion().get(20, TimeUnit.SECONDS);

        List<CoapTestServer.Received> received = server.received();
        assertThat(received).hasSize(2);
        assertThat(received.get(1).payload()).isEqualTo(received.get(0).payload());
        assertThat(received.get(1).path()).isEqualTo("lines/L1");
        assertThat(Duration.ofNanos(received.get(1).nanos() - received.get(0).nanos())).isGreaterThan(Duration.ofMillis(900));
        CoapOutcomes outcomes = fleet.coapOutcomes().orElseThrow();
        assertThat(outcomes.requests()).isEqualTo(2);
        assertThat(outcomes.retries()).isEqualTo(1);
        assertThat(outcomes.answered("5.03")).isEqualTo(1);
        assertThat(outcomes.changed()).isEqualTo(1);
        assertThat(fleet.publishedMessages()).isEqualTo(1);
        assertThat(fleet.publishedReadings()).isEqualTo(4);
        assertThat(fleet.failedMessages()).isZero();
    }

    @Test
    void givesUpAfterTheRetryLimitCountingTheMessageAsFailed() {
        server.answer(request -> new CoapTestServer.Answer(CoAP.ResponseCode.SERVICE_UNAVAILABLE, 0L, null));
        FleetConfig config = config(PayloadFormat.PROTOBUF).lines(1).maxTicks(1)
                .coap(CoapTarget.coap(server.uri()).withRetries(2, Duration.ofSeconds(5))).build();

        Fleet fleet = start(config);

        assertThatThrownBy(() -> fleet.completion().get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("5.03 SERVICE_UNAVAILABLE");
        assertThat(server.received()).hasSize(3);
        assertThat(fleet.coapOutcomes().orElseThrow().retries()).isEqualTo(2);
        assertThat(fleet.failedMessages()).isEqualTo(1);
    }

    @Test
    void countsBadRequestByCodeAndDoesNotRetryIt() {
        server.answer(request -> request.path().endsWith("/state")
                ? new CoapTestServer.Answer(CoAP.ResponseCode.BAD_REQUEST, null, "value: not a number")
                : CoapTestServer.Answer.CHANGED);
        FleetConfig config = config(PayloadFormat.JSON).lines(1).maxTicks(5).coap(CoapTarget.coap(server.uri())).build();

        Fleet fleet = start(config);

        assertThatThrownBy(() -> fleet.completion().get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("5 of 20 messages were not published")
                .hasMessageContaining("4.00 BAD_REQUEST from " + server.uri() + "/lines/L1/sensors/state: value: not a number");
        CoapOutcomes outcomes = fleet.coapOutcomes().orElseThrow();
        assertThat(server.received()).hasSize(20);
        assertThat(outcomes.requests()).isEqualTo(20);
        assertThat(outcomes.otherCodes()).isEqualTo(Map.of("4.00", 5L));
        assertThat(outcomes.changed()).isEqualTo(15);
        assertThat(outcomes.retries()).isZero();
        assertThat(fleet.failedMessages()).isEqualTo(5);
        assertThat(fleet.publishedMessages()).isEqualTo(15);
        assertThat(outcomes.summary(Duration.ofSeconds(1))).contains("20 requests", "2.04: 15", "other codes: 4.00=5",
                "retries after 5.03: 0", "timeouts: 0");
    }

    @Test
    void neverHasMoreRequestsInFlightPerDeviceThanItsWindow() throws Exception {
        FleetConfig config = config(PayloadFormat.JSON).lines(4).maxTicks(50)
                .coap(CoapTarget.coap(server.uri()).withDevices(2).withInFlightPerDevice(3)).build();

        Fleet fleet = start(config);
        fleet.completion().get(20, TimeUnit.SECONDS);

        assertThat(fleet.progress().inFlight()).isZero();
        assertThat(server.count()).isEqualTo(4L * 50 * 4);
        assertThat(fleet.coapOutcomes().orElseThrow().changed()).isEqualTo(4L * 50 * 4);
    }

    @Test
    void anUnreachableServerFailsTheStartWithAClearMessage() throws Exception {
        java.net.URI silent;
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            silent = java.net.URI.create("coap://127.0.0.1:" + socket.getLocalPort());
            FleetConfig config = config(PayloadFormat.JSON).connectTimeout(Duration.ofMillis(500))
                    .coap(CoapTarget.coap(silent)).build();

            assertThatThrownBy(() -> Fleet.start(config, CLOCK)).isInstanceOf(FleetException.class)
                    .hasMessage("cannot reach " + silent + ": no answer to a CoAP ping within 500ms");
        }
    }

    /** Bare numbers carry no event time, so they run in realtime (at a fixed clock, fast). */
    private static FleetConfig.Builder config(PayloadFormat format) {
        FleetConfig.Builder builder = FleetConfig.builder().lines(2).seed(7).format(format).maxTicks(25);
        return format.carriesEventTime() ? builder.accelerated(START_MS) : builder.realtime().ratePerSecond(200);
    }

    private Fleet start(FleetConfig config) {
        Fleet fleet = Fleet.start(config, CLOCK);
        fleets.add(fleet);
        return fleet;
    }

    /** What the same fleet publishes over MQTT (senml for senml-cbor, which MQTT does not carry). */
    static List<SimMessage> overMqtt(FleetConfig config) throws Exception {
        PayloadFormat format = config.format().overMqtt() ? config.format() : PayloadFormat.SENML;
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.ACK_NOW, 1000);
        try (Fleet fleet = Fleet.start(config.toBuilder().coap(null).format(format).build(), CLOCK, created -> sink)) {
            fleet.completion().get(10, TimeUnit.SECONDS);
        }
        return sink.messages();
    }

    static List<WireReadings.Decoded> decoded(PayloadFormat format, List<CoapTestServer.Received> received) {
        return received.stream().flatMap(r -> WireReadings.decode(format, r.line(), r.sensor(), r.payload()).stream())
                .collect(Collectors.toList());
    }

    static List<WireReadings.Decoded> decodedMqtt(PayloadFormat format, List<SimMessage> messages) {
        return messages.stream().flatMap(m -> WireReadings.decode(format, m.lineId(), m.sensorId(), m.payload()).stream())
                .collect(Collectors.toList());
    }
}
