package io.linegate.gateway.ingest.coap;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * Californium's {@link Configuration} for the gateway, built in code: Californium's own default,
 * {@code Configuration.getStandard()}, would write {@code Californium3.properties} into the
 * working directory, which an edge process must not do. Values are sized for a small box.
 */
final class CaliforniumSettings {

    private CaliforniumSettings() {
    }

    /**
     * The configuration of the server endpoints and of the observe client.
     *
     * @param maxBodyBytes largest body reassembled from blocks (RFC 7959); a larger block-wise
     *                     transfer is answered 4.13 with Size1 by Californium itself
     */
    static Configuration create(int maxBodyBytes) {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, maxBodyBytes);
        // Retransmitted CONs are answered from the exchange store, not handled twice.
        config.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_MARK_AND_SWEEP);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 2);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 10_000);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 10_000);
        return config;
    }
}
