package io.linegate.gateway.config;

import java.util.Objects;

/**
 * The operator HTTP surface ({@code http}): health, readiness and Prometheus metrics.
 *
 * @param enabled         whether the server runs at all
 * @param bind            address to listen on; loopback by default (DESIGN §4: nothing listens
 *                        beyond loopback unless the configuration says so)
 * @param port            TCP port; 0 takes any free port (the bound one is reported at start)
 * @param maxRequestBytes largest request body, and largest header block, accepted; beyond it the
 *                        answer is 413 (body) or 431 (headers)
 */
public record HttpConfig(boolean enabled, String bind, int port, int maxRequestBytes) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 8192;
    /** Room for a request line and a few ordinary headers. */
    public static final int MIN_REQUEST_BYTES = 1024;
    public static final int MAX_REQUEST_BYTES = 1 << 20;

    public HttpConfig {
        Objects.requireNonNull(bind, "bind");
        if (bind.isBlank() || bind.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bind must be an IP address or host name. Found: '" + bind + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535. Found: " + port);
        }
        if (maxRequestBytes < MIN_REQUEST_BYTES || maxRequestBytes > MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("maxRequestBytes must be between " + MIN_REQUEST_BYTES + " and "
                    + MAX_REQUEST_BYTES + ". Found: " + maxRequestBytes);
        }
    }

    /** The defaults: enabled on 127.0.0.1:8080, 8 KiB requests. */
    public static HttpConfig defaults() {
        return new HttpConfig(true, DEFAULT_BIND, DEFAULT_PORT, DEFAULT_MAX_REQUEST_BYTES);
    }
}
