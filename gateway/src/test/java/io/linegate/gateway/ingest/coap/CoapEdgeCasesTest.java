package io.linegate.gateway.ingest.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.decode.RejectReason;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the CoAP server's answers at its limits — body size, block-wise transfers, full line
 * workers, malformed datagrams and bad options — and that it keeps serving afterwards.
 */
class CoapEdgeCasesTest {

    @TempDir
    Path state;

    private static String senmlPack(int records) {
        StringBuilder pack = new StringBuilder("[");
        for (int i = 0; i < records; i++) {
            pack.append(i == 0 ? "" : ",").append("{\"n\":\"feed\",\"v\":").append(i % 10).append('}');
        }
        return pack.append(']').toString();
    }

    private static void assertStillServes(CoapHarness coap) {
        CoapResponse response = coap.post("/lines/L1/sensors/feed", "1", MediaTypeRegistry.TEXT_PLAIN);
        assertThat(response).isNotNull();
        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void acceptsALargeBatchSentBlockWise() {
        try (CoapHarness coap = CoapHarness.plain(state, null)) {
            String pack = senmlPack(1500);
            assertThat(pack.length()).isGreaterThan(4 * 1024);

            CoapResponse response = coap.post("/lines/L1", pack, MediaTypeRegistry.APPLICATION_SENML_JSON);

            assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(response.getResponseText()).isEqualTo("accepted 1500");
            await().atMost(Duration.ofSeconds(5)).until(() -> coap.accepted() == 1500);
        }
    }

    @Test
    void refusesABlockWiseBodyBeyondMaxBodyBytesWithSize1() {
        try (CoapHarness coap = CoapHarness.plain(state, "    maxBodyBytes: 8192\n")) {
            CoapResponse response = coap.post("/lines/L1", senmlPack(1500), MediaTypeRegistry.APPLICATION_SENML_JSON);

            assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            assertThat(response.getOptions().getSize1()).isEqualTo(8192);
            assertThat(coap.accepted()).isZero();
            assertStillServes(coap);
        }
    }

    @Test
    void refusesASingleDatagramBodyBeyondMaxBodyBytesWithSize1() {
        try (CoapHarness coap = CoapHarness.plain(state, "    maxBodyBytes: 256\n")) {
            CoapResponse response = coap.post("/lines/L1", senmlPack(30), MediaTypeRegistry.APPLICATION_SENML_JSON);

            assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            assertThat(response.getOptions().getSize1()).isEqualTo(256);
            assertStillServes(coap);
        }
    }

    @Test
    void answersServiceUnavailableWithMaxAgeWhenTheLineWorkerQueueIsFull() {
        // Idle workers with room for one reading: the second request finds the queue full.
        try (CoapHarness coap = new CoapHarness(state, "    port: 0\n", null, false, 1, ObserveTiming.defaults())) {
            String first = "{\"value\": 1, \"seq\": 1}";
            String second = "{\"value\": 2, \"seq\": 2}";
            assertThat(coap.post("/lines/L1/sensors/feed", first, 50).getCode()).isEqualTo(ResponseCode.CHANGED);

            CoapResponse overloaded = coap.post("/lines/L1/sensors/feed", second, 50);

            assertThat(overloaded.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
            assertThat(overloaded.getOptions().getMaxAge()).isBetween(1L, 5L);
            assertThat(overloaded.getResponseText()).startsWith("OVERLOADED: ");
            assertThat(coap.rejected(RejectReason.OVERLOADED)).isEqualTo(1);

            coap.workers.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> coap.workers.queued() == 0);
            CoapResponse retry = coap.post("/lines/L1/sensors/feed", second, 50);
            assertThat(retry.getResponseText()).as("a refused seq is not a duplicate on retry").isEqualTo("accepted 1");
        }
    }

    @Test
    void countsMalformedDatagramsAndKeepsServing() throws Exception {
        try (CoapHarness coap = CoapHarness.plain(state, null);
             DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[][] garbage = {
                {(byte) 0x40},                                        // truncated header
                {(byte) 0x48, 0x02, 0x00, 0x01},                       // token length 8, no token
                "hello, this is not CoAP".getBytes(StandardCharsets.US_ASCII),
                {(byte) 0x40, 0x02, 0x00, 0x02, (byte) 0xF0}           // reserved option delta 15
            };
            for (byte[] datagram : garbage) {
                socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), coap.port()));
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> coap.count("linegate.coap.malformed") >= 3);
            assertStillServes(coap);
        }
    }

    @Test
    void answersBadOptionForAnUnknownCriticalOptionAndKeepsServing() throws Exception {
        try (CoapHarness coap = CoapHarness.plain(state, null);
             DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // CON POST /lines/L1/sensors/feed with option 25 (unassigned, odd: critical), payload "1".
            byte[] request = rawPost(0x1234, new byte[] {(byte) 0xD0, 0x01}, "1");

            byte[] answer = exchange(socket, coap.port(), request);

            assertThat(answer[1] & 0xFF).as("4.02 Bad Option").isEqualTo(4 << 5 | 2);
            assertStillServes(coap);
        }
    }

    @Test
    void refusesABadContentFormatOptionAndKeepsServing() throws Exception {
        try (CoapHarness coap = CoapHarness.plain(state, null);
             DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // Content-Format (12, after Uri-Path 11: delta 1) of three bytes: longer than the option allows.
            byte[] request = rawPost(0x2345, new byte[] {0x13, 0x01, 0x02, 0x03}, "1");

            byte[] answer = exchange(socket, coap.port(), request);

            assertThat((answer[1] & 0xFF) >> 5).as("a 4.xx answer, code 0x%02x", answer[1]).isEqualTo(4);
            assertStillServes(coap);
        }
    }

    @Test
    void writesNoCaliforniumPropertiesFileAndLeavesNoThreads() {
        Set<Long> before = Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
        try (CoapHarness coap = CoapHarness.plain(state, null)) {
            assertStillServes(coap);
        }

        assertThat(Path.of(System.getProperty("user.dir"), "Californium3.properties")).doesNotExist();
        assertThat(Files.exists(Path.of("Californium3.properties"))).isFalse();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet()
                .stream().filter(Thread::isAlive).filter(t -> !before.contains(t.getId()))
                .map(Thread::getName).filter(n -> !n.startsWith("linegate-line-worker") && !n.startsWith("awaitility")))
                .as("threads left behind").isEmpty());
    }

    /** A CON POST to /lines/L1/sensors/feed with {@code extraOptions} after the Uri-Path options. */
    private static byte[] rawPost(int messageId, byte[] extraOptions, String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x40, 0x02, (byte) (messageId >> 8), (byte) messageId});
        out.write(0xB5);
        out.writeBytes("lines".getBytes(StandardCharsets.US_ASCII));
        out.write(0x02);
        out.writeBytes("L1".getBytes(StandardCharsets.US_ASCII));
        out.write(0x07);
        out.writeBytes("sensors".getBytes(StandardCharsets.US_ASCII));
        out.write(0x04);
        out.writeBytes("feed".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(extraOptions);
        out.write(0xFF);
        out.writeBytes(payload.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] exchange(DatagramSocket socket, int port, byte[] request) throws Exception {
        socket.setSoTimeout(5_000);
        socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
        DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
        socket.receive(answer);
        return Arrays.copyOf(answer.getData(), answer.getLength());
    }
}
