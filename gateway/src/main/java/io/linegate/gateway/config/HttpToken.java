package io.linegate.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.Function;

/**
 * The bearer token of the operator HTTP surface, read from the file {@code http.tokenFile} or,
 * without one, from the environment variable {@code http.tokenEnv}. Never part of the YAML and
 * never logged: {@link #toString()} does not show it.
 *
 * <p>Resolved once at start by the gateway's wiring; immutable.
 */
public final class HttpToken {

    /** Shortest token accepted: a guessable token is no protection. */
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 4096;

    private final String secret;

    private HttpToken(String secret) {
        this.secret = secret;
    }

    /** A token with this value (tests and {@link #resolve}). */
    public static HttpToken of(String secret) {
        String s = secret.strip();
        if (s.length() < MIN_LENGTH || s.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("token must have between " + MIN_LENGTH + " and " + MAX_LENGTH
                    + " characters. Found: " + s.length());
        }
        if (!s.matches("[A-Za-z0-9._~+/=-]+")) {
            throw new IllegalArgumentException("token must consist of [A-Za-z0-9._~+/=-] (hex or base64, e.g. from"
                    + " 'openssl rand -hex 32')");
        }
        return new HttpToken(s);
    }

    /**
     * The configured token, if any; required when {@code http.bind} is not a loopback address.
     *
     * @param env reads an environment variable ({@code System::getenv} outside tests)
     * @throws ConfigException naming {@code http.tokenFile} when the file cannot be read or holds
     *                         no valid token, {@code http.tokenEnv} when the variable holds an invalid
     *                         one, or {@code http.bind} when it is beyond loopback without a token
     */
    public static Optional<HttpToken> resolve(HttpConfig http, Function<String, String> env) {
        Optional<HttpToken> token;
        if (http.tokenFile() != null) {
            String text;
            try {
                text = Files.readString(http.tokenFile(), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("http.tokenFile", "cannot read " + http.tokenFile() + ": " + e);
            }
            token = Optional.of(parse("http.tokenFile", text));
        } else {
            String value = env.apply(http.tokenEnv());
            token = value == null || value.isBlank() ? Optional.empty() : Optional.of(parse("http.tokenEnv", value));
        }
        if (token.isEmpty() && http.enabled() && !http.loopbackOnly()) {
            throw new ConfigException("http.bind", http.bind() + " is beyond loopback, so a bearer token is required:"
                    + " set http.tokenFile, or the environment variable " + http.tokenEnv() + " (http.tokenEnv)");
        }
        return token;
    }

    private static HttpToken parse(String key, String text) {
        try {
            return of(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    /** The token's characters, for comparison by the HTTP server only. */
    public byte[] bytes() {
        return secret.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "HttpToken[redacted]";
    }
}
