package io.linegate.gateway.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builds the server's responses: small JSON bodies, and the metrics text. Stateless. */
final class Responses {

    static final String JSON = "application/json";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

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
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(version, code, Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
