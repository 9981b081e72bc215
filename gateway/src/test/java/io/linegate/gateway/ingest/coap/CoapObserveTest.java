package io.linegate.gateway.ingest.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the observe client against a Californium server playing the sensor: notifications
 * become readings of the configured line and sensor, and they resume after the sensor restarts
 * on the same port (having forgotten its observers).
 */
class CoapObserveTest {

    private static final ObserveTiming FAST = new ObserveTiming(Duration.ofMillis(500), Duration.ofMillis(200),
            Duration.ofSeconds(1));

    @TempDir
    Path state;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger value = new AtomicInteger();
    private volatile FeedResource feed;

    @AfterEach
    void stopTicker() {
        ticker.shutdownNow();
    }

    /** An observable sensor value: changes on every tick, notifications carry Max-Age 1 s. */
    private final class FeedResource extends CoapResource {
        FeedResource() {
            super("feed");
            setObservable(true);
            setObserveType(CoAP.Type.CON);
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            exchange.setMaxAge(1);
            exchange.respond(CoAP.ResponseCode.CONTENT, "{\"value\": " + value.get() + "}",
                    MediaTypeRegistry.APPLICATION_JSON);
        }
    }

    private CoapServer sensor(int port) throws Exception {
        CoapServer server = new CoapServer(CaliforniumSettings.create(1024));
        server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(CaliforniumSettings.create(1024))
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", port)).build());
        FeedResource resource = new FeedResource();
        server.add(resource);
        server.start();
        feed = resource;
        return server;
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void turnsNotificationsIntoReadingsAndResumesAfterTheSensorRestarts() throws Exception {
        int port = freeUdpPort();
        CoapServer sensor = sensor(port);
        ticker.scheduleAtFixedRate(() -> {
            value.incrementAndGet();
            FeedResource current = feed;
            if (current != null) {
                current.changed();
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        String observe = """
                    enabled: false
                    observe:
                      - {uri: "coap://127.0.0.1:%d/feed", line: L1, sensor: feed}
                """.formatted(port);
        try (CoapHarness coap = new CoapHarness(state, observe, null, true, 10_000, FAST)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> coap.accepted() >= 5);
            assertThat(coap.ingest.observing()).isEqualTo(1);

            sensor.destroy();
            sensor = sensor(port);
            double beforeRestart = coap.accepted();

            await().atMost(Duration.ofSeconds(20)).until(() -> coap.accepted() >= beforeRestart + 5);
            assertThat(coap.count("linegate.coap.observe.registrations")).isGreaterThanOrEqualTo(2);
            assertThat(coap.rejected(io.linegate.gateway.decode.RejectReason.MALFORMED)).isZero();
        } finally {
            sensor.destroy();
        }
    }
}
