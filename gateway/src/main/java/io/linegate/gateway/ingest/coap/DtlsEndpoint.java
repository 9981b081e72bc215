package io.linegate.gateway.ingest.coap;

import io.linegate.gateway.config.CoapDtlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;

/**
 * Builds the CoAPs endpoint: a Scandium {@link DTLSConnector} that only serves (never initiates),
 * authenticates clients by pre-shared key from {@link PskFile}, always answers a first ClientHello
 * with a HelloVerifyRequest (so a spoofed source cannot make it amplify or hold state), and hands
 * out connection ids of the configured length (RFC 9146).
 */
final class DtlsEndpoint {

    private DtlsEndpoint() {
    }

    static CoapEndpoint create(CoapDtlsConfig dtls, Configuration config) throws IOException {
        DtlsConnectorConfig connectorConfig = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(dtls.bind(), dtls.port()))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST, true)
                .set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST_FOR_PSK, true)
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, dtls.cidLength())
                .setAdvancedPskStore(PskFile.load(dtls.pskFile()))
                .setLoggingTag("coaps")
                .build();
        return new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(new DTLSConnector(connectorConfig))
                .build();
    }
}
