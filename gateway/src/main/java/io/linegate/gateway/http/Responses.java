package io.linegate.gateway.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Builds the server's responses: small JSON bodies, the metrics text and files, each with the
 * security headers every answer carries. Stateless.
 */
final class Responses {

    static final String JSON = "application/json";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
    /**
     * Only this server's own files run or load, no inline script or style, no framing: what a
     * sensor manages to smuggle into the page can neither execute nor send anything anywhere.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    private Responses() {
    }

    /** {@code {"status":"<status>"}} or, with a reason, {@code {"status":"<status>","reason":"<reason>"}}. */
    static FullHttpResponse status(HttpVersion version, HttpResponseStatus code, String status, String reason) {
        String body = "{\"status\":" + quote(status) + (reason == null ? "" : ",\"reason\":" + quote(reason)) + "}";
        return response(version, code, JSON, body);
    }

    /** {@code {"error":"<message>","status":<code>}}. */
    static FullHttpResponse error(HttpVersion version, HttpResponseStatus code, String message) {
        return response(version, code, JSON, "{\"error\":" + quote(message) + ",\"status\":" + code.code() + "}");
    }

    static FullHttpResponse response(HttpVersion version, HttpResponseStatus code, String contentType, String body) {
        return bytes(version, code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code bytes} (not copied: they must not change) as the body, not to be stored by caches. */
    static FullHttpResponse bytes(HttpVersion version, HttpResponseStatus code, String contentType, byte[] bytes) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, code, Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** Adds the headers every answer carries. */
    static void secure(HttpResponse response) {
        response.headers()
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
                .set("Referrer-Policy", "no-referrer");
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
