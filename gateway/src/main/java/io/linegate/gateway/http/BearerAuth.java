package io.linegate.gateway.http;

import io.linegate.gateway.config.HttpToken;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks the operator surface's bearer token. A request is authorized by {@code Authorization:
 * Bearer <token>}, or by the {@value #COOKIE} cookie that {@code GET /?token=<token>} sets for a
 * browser (an {@code EventSource} cannot send headers). Comparison is constant-time: both sides
 * are hashed with SHA-256 and the digests compared with {@link MessageDigest#isEqual}, so
 * neither the token's content nor its length leaks through timing.
 *
 * <p>Without a token every request is authorized (loopback only; {@link HttpToken#resolve}
 * refuses to start beyond loopback without one). Immutable; any thread.
 */
final class BearerAuth {

    static final String COOKIE = "linegate_token";
    private static final String BEARER = "bearer ";

    private final byte[] digest;

    private BearerAuth(byte[] digest) {
        this.digest = digest;
    }

    static BearerAuth of(Optional<HttpToken> token) {
        return new BearerAuth(token.map(t -> sha256(t.bytes())).orElse(null));
    }

    /** Whether requests need a token at all. */
    boolean required() {
        return digest != null;
    }

    /** Whether {@code headers} carry the token (header or cookie), or none is required. */
    boolean authorized(HttpHeaders headers) {
        if (digest == null) {
            return true;
        }
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return matches(authorization.substring(BEARER.length()).strip());
        }
        String cookies = headers.get(HttpHeaderNames.COOKIE);
        if (cookies != null && cookies.length() <= 8192) {
            for (Cookie c : ServerCookieDecoder.STRICT.decode(cookies)) {
                if (COOKIE.equals(c.name())) {
                    return matches(c.value());
                }
            }
        }
        return false;
    }

    /** Whether {@code candidate} is the token. */
    boolean matches(String candidate) {
        return digest != null && candidate != null
                && MessageDigest.isEqual(digest, sha256(candidate.getBytes(StandardCharsets.UTF_8)));
    }

    /** The {@code Set-Cookie} value that carries {@code token} for later requests of this browser. */
    static String cookie(String token) {
        DefaultCookie cookie = new DefaultCookie(COOKIE, token);
        cookie.setHttpOnly(true);
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        cookie.setPath("/");
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
