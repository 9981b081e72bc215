package io.linegate.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's files, served from the jar: the page, its script and style, and uPlot from its
 * WebJar. Only the paths listed here exist: a request path is looked up as a whole, never
 * resolved against a directory, so {@code /../} or {@code /webjars/../../} simply find nothing.
 * Loaded once when the server starts; immutable, any thread.
 */
final class StaticAssets {

    /** The uPlot version of the WebJar on the classpath (the gateway pom's {@code uplot.version}). */
    static final String UPLOT_VERSION = "1.6.30";
    private static final String UPLOT_DIR = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";
    private static final String DASHBOARD_DIR = "io/linegate/gateway/http/dashboard/";
    /** Versioned paths never change: browsers may keep them for a year. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** The page and its own files change with the gateway: revalidate (ETag) every time. */
    static final String REVALIDATE = "no-cache";

    /**
     * One file.
     *
     * @param bytes        its content
     * @param contentType  its media type
     * @param cacheControl the {@code Cache-Control} it is served with
     * @param etag         a strong validator of its content
     */
    record Asset(byte[] bytes, String contentType, String cacheControl, String etag) {
    }

    private final Map<String, Asset> byPath;

    private StaticAssets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    /** Reads every file from the classpath; a missing one is a packaging bug. */
    static StaticAssets load() {
        String html = "text/html; charset=utf-8";
        String js = "text/javascript; charset=utf-8";
        String css = "text/css; charset=utf-8";
        String uplot = "/webjars/uplot/" + UPLOT_VERSION + "/";
        return new StaticAssets(Map.of(
                "/", asset(DASHBOARD_DIR + "index.html", html, REVALIDATE),
                "/index.html", asset(DASHBOARD_DIR + "index.html", html, REVALIDATE),
                "/dashboard.js", asset(DASHBOARD_DIR + "dashboard.js", js, REVALIDATE),
                "/dashboard.css", asset(DASHBOARD_DIR + "dashboard.css", css, REVALIDATE),
                "/favicon.svg", asset(DASHBOARD_DIR + "favicon.svg", "image/svg+xml", REVALIDATE),
                uplot + "uPlot.iife.min.js", asset(UPLOT_DIR + "uPlot.iife.min.js", js, IMMUTABLE),
                uplot + "uPlot.min.css", asset(UPLOT_DIR + "uPlot.min.css", css, IMMUTABLE)));
    }

    /** The file at exactly {@code path}, if there is one. */
    Optional<Asset> get(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /**
     * The file at {@code path} (which {@link #get} found), or 304 when {@code ifNoneMatch} is its
     * ETag; with its content type, caching headers and ETag.
     */
    FullHttpResponse response(HttpVersion version, String path, String ifNoneMatch) {
        Asset asset = get(path).orElseThrow(() -> new IllegalArgumentException("no asset at " + path));
        FullHttpResponse response = asset.etag().equals(ifNoneMatch)
                ? new DefaultFullHttpResponse(version, HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER)
                : Responses.bytes(version, HttpResponseStatus.OK, asset.contentType(), asset.bytes());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, asset.cacheControl())
                .set(HttpHeaderNames.ETAG, asset.etag());
        return response;
    }

    private static Asset asset(String resource, String contentType, String cacheControl) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource missing from the classpath: " + resource);
            }
            byte[] bytes = in.readAllBytes();
            return new Asset(bytes, contentType, cacheControl, etag(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
