package io.linegate.gateway.config;

import java.util.List;
import java.util.Objects;

/**
 * Readings in over CoAP ({@code sensors.coap}, DESIGN §3.2): the plain UDP endpoint, the DTLS
 * (CoAPs) endpoint, and the sensor resources the gateway observes.
 *
 * <p>Without a {@code sensors.coap} section nothing CoAP runs. With one, the plain endpoint runs
 * unless {@code enabled: false}; likewise a {@code dtls} section turns CoAPs on unless it says
 * {@code enabled: false}. Observing needs neither endpoint.
 *
 * @param enabled      whether the plain (unencrypted) endpoint listens
 * @param bind         address of the plain endpoint; loopback by default (DESIGN §4)
 * @param port         UDP port of the plain endpoint; 0 takes any free port
 * @param maxBodyBytes largest request body, also reassembled from blocks (RFC 7959); beyond it 4.13
 * @param dtls         the CoAPs endpoint
 * @param observe      resources observed (RFC 7641), each feeding one sensor of one line
 */
public record CoapSourceConfig(boolean enabled, String bind, int port, int maxBodyBytes, CoapDtlsConfig dtls,
                               List<ObserveTarget> observe) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 5683;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** One small datagram's worth: a body limit below it could refuse single-block requests. */
    public static final int MIN_BODY_BYTES = 64;
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    public CoapSourceConfig {
        Objects.requireNonNull(dtls, "dtls");
        observe = List.copyOf(Objects.requireNonNull(observe, "observe"));
        HostChecks.requireBindable("bind", bind);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535. Found: " + port);
        }
        if (maxBodyBytes < MIN_BODY_BYTES || maxBodyBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("maxBodyBytes must be between " + MIN_BODY_BYTES + " and "
                    + MAX_BODY_BYTES + ". Found: " + maxBodyBytes);
        }
    }

    /** No {@code sensors.coap} section: nothing CoAP runs. */
    public static CoapSourceConfig disabled() {
        return new CoapSourceConfig(false, DEFAULT_BIND, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES,
                CoapDtlsConfig.disabled(), List.of());
    }

    /** Whether any CoAP endpoint listens (the server has routes to serve). */
    public boolean serves() {
        return enabled || dtls.enabled();
    }

    /** Whether anything CoAP runs at all: an endpoint or an observation. */
    public boolean active() {
        return serves() || !observe.isEmpty();
    }
}
