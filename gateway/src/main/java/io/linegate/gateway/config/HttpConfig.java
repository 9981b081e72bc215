package io.linegate.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The operator HTTP surface ({@code http}): health, readiness, Prometheus metrics, the JSON API
 * and the dashboard.
 *
 * @param enabled         whether the server runs at all
 * @param bind            address to listen on; loopback by default (DESIGN §4: nothing listens
 *                        beyond loopback unless the configuration says so)
 * @param port            TCP port; 0 takes any free port (the bound one is reported at start)
 * @param maxRequestBytes largest request body, and largest header block, accepted; beyond it the
 *                        answer is 413 (body) or 431 (headers)
 * @param tokenFile       file holding the bearer token ({@link HttpToken}), or null; never the
 *                        token itself, which does not belong in the YAML
 * @param tokenEnv        environment variable holding the bearer token when {@code tokenFile} is
 *                        not set
 */
public record HttpConfig(boolean enabled, String bind, int port, int maxRequestBytes, Path tokenFile,
                         String tokenEnv) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 8192;
    /** Room for a request line and a few ordinary headers. */
    public static final int MIN_REQUEST_BYTES = 1024;
    public static final int MAX_REQUEST_BYTES = 1 << 20;
    public static final String DEFAULT_TOKEN_ENV = "LINEGATE_HTTP_TOKEN";

    public HttpConfig {
        Objects.requireNonNull(bind, "bind");
        if (bind.isBlank() || bind.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bind must be an IP address or host name. Found: '" + bind + "'");
        }
        Objects.requireNonNull(tokenEnv, "tokenEnv");
        if (!tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw new IllegalArgumentException("tokenEnv must be an environment variable name. Found: '" + tokenEnv
                    + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535. Found: " + port);
        }
        if (maxRequestBytes < MIN_REQUEST_BYTES || maxRequestBytes > MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("maxRequestBytes must be between " + MIN_REQUEST_BYTES + " and "
                    + MAX_REQUEST_BYTES + ". Found: " + maxRequestBytes);
        }
    }

    /** Without a token file, the token (if any) in {@value #DEFAULT_TOKEN_ENV}. */
    public HttpConfig(boolean enabled, String bind, int port, int maxRequestBytes) {
        this(enabled, bind, port, maxRequestBytes, null, DEFAULT_TOKEN_ENV);
    }

    /** The defaults: enabled on 127.0.0.1:8080, 8 KiB requests. */
    public static HttpConfig defaults() {
        return new HttpConfig(true, DEFAULT_BIND, DEFAULT_PORT, DEFAULT_MAX_REQUEST_BYTES);
    }

    /** Whether {@code bind} is a loopback address, so that only this host can connect. */
    public boolean loopbackOnly() {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
