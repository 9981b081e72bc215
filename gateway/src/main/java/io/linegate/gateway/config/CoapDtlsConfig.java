package io.linegate.gateway.config;

import java.nio.file.Path;

/**
 * The CoAPs endpoint ({@code sensors.coap.dtls}): DTLS 1.2 with pre-shared keys. The keys live
 * in {@code pskFile}, never in the YAML, and are never logged.
 *
 * @param enabled   whether the endpoint listens
 * @param bind      address; loopback by default
 * @param port      UDP port; 0 takes any free port
 * @param pskFile   one {@code identity=<base64 key>} per line ({@code #} comments); null when disabled
 * @param cidLength length of the DTLS connection ids (RFC 9146) the gateway hands out, 0 to 16;
 *                  a connection id keeps a session across NAT rebinding of a sleepy device
 */
public record CoapDtlsConfig(boolean enabled, String bind, int port, Path pskFile, int cidLength) {

    public static final int DEFAULT_PORT = 5684;
    public static final int DEFAULT_CID_LENGTH = 6;
    public static final int MAX_CID_LENGTH = 16;

    public CoapDtlsConfig {
        HostChecks.requireBindable("bind", bind);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535. Found: " + port);
        }
        if (enabled && pskFile == null) {
            throw new IllegalArgumentException("pskFile is required when DTLS is enabled");
        }
        if (cidLength < 0 || cidLength > MAX_CID_LENGTH) {
            throw new IllegalArgumentException("cidLength must be between 0 and " + MAX_CID_LENGTH + ". Found: "
                    + cidLength);
        }
    }

    public static CoapDtlsConfig disabled() {
        return new CoapDtlsConfig(false, CoapSourceConfig.DEFAULT_BIND, DEFAULT_PORT, null, DEFAULT_CID_LENGTH);
    }
}
