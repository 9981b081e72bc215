package io.linegate.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.pskstore.MultiPskFileStore;

/**
 * Creates the Californium endpoints of the simulated devices: one per device, each bound to its
 * own ephemeral UDP port (plain, or DTLS 1.2 with the pre-shared key of {@link CoapTarget#pskFile()}),
 * all sharing one protocol executor and one timer so that many devices do not mean many thread
 * pools. The configuration is built in code ({@link Configuration#createStandardWithoutFile()}),
 * so no {@code Californium3.properties} is written to the working directory.
 *
 * <p>Owned by a {@link CoapSink}; {@link #close()} destroys the endpoints and ends the threads.
 * The PSK is held by Scandium only and never logged or printed.
 */
final class CoapEndpoints implements AutoCloseable {

    private static final long SHUTDOWN_WAIT_MS = 3_000;

    private final List<Endpoint> endpoints;
    private final ScheduledExecutorService protocol;
    private final ScheduledExecutorService timer;

    private CoapEndpoints(List<Endpoint> endpoints, ScheduledExecutorService protocol, ScheduledExecutorService timer) {
        this.endpoints = List.copyOf(endpoints);
        this.protocol = protocol;
        this.timer = timer;
    }

    /**
     * Creates and starts {@link CoapTarget#devices()} endpoints.
     *
     * @throws FleetException when the PSK file cannot be read or lacks the identity, or a UDP
     *                        port cannot be bound
     */
    static CoapEndpoints start(CoapTarget target) {
        Configuration configuration = configuration();
        SecretKey psk = target.secure() ? pskOf(target.pskFile(), target.pskIdentity()) : null;
        ScheduledExecutorService protocol = ExecutorsUtil.newScheduledThreadPool(
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                new NamedThreadFactory("sensors-sim-coap#"));
        ScheduledExecutorService timer = ExecutorsUtil.newDefaultSecondaryScheduler("sensors-sim-coap-timer#");
        List<Endpoint> endpoints = new ArrayList<>(target.devices());
        try {
            for (int device = 0; device < target.devices(); device++) {
                CoapEndpoint.Builder builder = new CoapEndpoint.Builder().setConfiguration(configuration)
                        .setLoggingTag("device-" + (device + 1));
                if (psk != null) {
                    builder.setConnector(new DTLSConnector(dtlsConfig(configuration, target.pskIdentity(), psk,
                            "device-" + (device + 1))));
                } else {
                    builder.setInetSocketAddress(new InetSocketAddress(0));
                }
                Endpoint endpoint = builder.build();
                endpoint.setExecutors(protocol, timer);
                endpoints.add(endpoint);
                endpoint.start();
            }
            return new CoapEndpoints(endpoints, protocol, timer);
        } catch (IOException | RuntimeException e) {
            new CoapEndpoints(endpoints, protocol, timer).close();
            throw new FleetException("cannot open " + target.devices() + " CoAP endpoint(s): " + e.getMessage(), e);
        }
    }

    /** Californium's settings for a client: RFC 7252 defaults, one receiver and sender thread per socket. */
    static Configuration configuration() {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        configuration.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        return configuration;
    }

    private static DtlsConnectorConfig dtlsConfig(Configuration configuration, String identity, SecretKey psk,
                                                  String tag) {
        return DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, psk))
                .setLoggingTag(tag)
                .build();
    }

    /**
     * The key of {@code identity} in {@code file} (read by Scandium's {@code MultiPskFileStore}).
     *
     * @throws FleetException naming the file and identity (never the key) when there is none
     */
    static SecretKey pskOf(Path file, String identity) {
        if (!Files.isReadable(file)) {
            throw new FleetException("cannot read the PSK file " + file);
        }
        MultiPskFileStore store = new MultiPskFileStore().loadPskCredentials(file.toString());
        SecretKey key = store.getSecret(identity);
        if (key == null) {
            throw new FleetException("the PSK file " + file + " has no key for identity '" + identity + "' ("
                    + store.size() + " identities read; the format is one identity=<base64 key> per line)");
        }
        return key;
    }

    /** The devices' endpoints, in device order. */
    List<Endpoint> endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        for (Endpoint endpoint : endpoints) {
            endpoint.destroy();
        }
        ExecutorsUtil.shutdownExecutorGracefully(SHUTDOWN_WAIT_MS, protocol, timer);
        try {
            protocol.awaitTermination(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
            timer.awaitTermination(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
