package io.linegate.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.ServerMessageDeliverer;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.MultiPskFileStore;

/**
 * A real Californium {@link CoapServer} on a free loopback port standing in for the gateway's
 * CoAP ingest: {@code POST /lines/{line}} and {@code /lines/{line}/sensors/{sensor}} are
 * recorded and answered by a replaceable policy (2.04 by default); any other path gets 4.04.
 * Plain UDP, or DTLS with Scandium's {@code MultiPskFileStore} reading a PSK file.
 */
final class CoapTestServer implements AutoCloseable {

    private static final Pattern PATH = Pattern.compile("lines/[A-Za-z0-9_.-]{1,64}(/sensors/[A-Za-z0-9_.-]{1,64})?");

    /** One request as the server saw it. */
    record Received(String path, CoAP.Code method, CoAP.Type type, int contentFormat, byte[] payload,
                    InetSocketAddress source, long nanos) {

        String line() {
            return path.split("/")[1];
        }

        /** Null for a per-line path. */
        String sensor() {
            String[] parts = path.split("/");
            return parts.length == 4 ? parts[3] : null;
        }
    }

    /** How to answer one request. */
    record Answer(CoAP.ResponseCode code, Long maxAge, String diagnostic) {

        static final Answer CHANGED = new Answer(CoAP.ResponseCode.CHANGED, null, null);
    }

    private final CoapServer server;
    private final URI uri;
    private final boolean recording;
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicLong count = new AtomicLong();
    private volatile Function<Received, Answer> policy = request -> Answer.CHANGED;

    private CoapServer serverOf(Configuration configuration) {
        CoapServer created = new CoapServer(configuration);
        Resource lines = new Recorder();
        created.setMessageDeliverer(new ServerMessageDeliverer(created.getRoot(), configuration) {
            @Override
            protected Resource findResource(List<String> path) {
                return PATH.matcher(String.join("/", path)).matches() ? lines : null;
            }
        });
        return created;
    }

    private CoapTestServer(Path pskFile, boolean recording) {
        this.recording = recording;
        Configuration configuration = CoapEndpoints.configuration();
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        server = serverOf(configuration);
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        CoapEndpoint.Builder endpoint = new CoapEndpoint.Builder().setConfiguration(configuration);
        if (pskFile != null) {
            endpoint.setConnector(new DTLSConnector(DtlsConnectorConfig.builder(configuration).setAddress(bind)
                    .setAdvancedPskStore(new MultiPskFileStore().loadPskCredentials(pskFile.toString())).build()));
        } else {
            endpoint.setInetSocketAddress(bind);
        }
        server.addEndpoint(endpoint.build());
        server.start();
        int port = server.getEndpoints().get(0).getAddress().getPort();
        uri = URI.create((pskFile != null ? "coaps" : "coap") + "://127.0.0.1:" + port);
    }

    /** Plain CoAP, recording every request. */
    static CoapTestServer plain() {
        return new CoapTestServer(null, true);
    }

    /** Plain CoAP, only counting requests (for throughput runs). */
    static CoapTestServer counting() {
        return new CoapTestServer(null, false);
    }

    /** CoAP over DTLS with the keys of {@code pskFile}. */
    static CoapTestServer dtls(Path pskFile) {
        return new CoapTestServer(pskFile, true);
    }

    URI uri() {
        return uri;
    }

    /** Answers every later request with {@code policy}'s answer (called on Californium's threads). */
    void answer(Function<Received, Answer> policy) {
        this.policy = policy;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    long count() {
        return count.get();
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** Records and answers; runs on Californium's threads. */
    private final class Recorder extends CoapResource {

        Recorder() {
            super("lines");
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            Request request = exchange.advanced().getRequest();
            Received one = new Received(request.getOptions().getUriPathString(), request.getCode(), request.getType(),
                    request.getOptions().getContentFormat(), request.getPayload(), exchange.getSourceSocketAddress(),
                    System.nanoTime());
            count.incrementAndGet();
            if (recording) {
                received.add(one);
            }
            Answer answer = policy.apply(one);
            Response response = new Response(answer.code());
            if (answer.maxAge() != null) {
                response.getOptions().setMaxAge(answer.maxAge());
            }
            if (answer.diagnostic() != null) {
                response.setPayload(answer.diagnostic().getBytes(StandardCharsets.UTF_8));
            }
            exchange.respond(response);
        }
    }
}
