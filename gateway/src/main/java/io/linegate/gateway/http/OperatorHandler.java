package io.linegate.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's requests: routes {@code /healthz}, {@code /readyz}, {@code /metrics},
 * the JSON API ({@link LinesApi}), the event stream ({@link EventHub}) and the dashboard's files
 * ({@link StaticAssets}), checks the bearer token ({@link BearerAuth}) on all but the two
 * probes, and turns everything else into a small JSON error. One instance per connection,
 * called only on that connection's event loop thread; it never blocks it.
 *
 * <p>Bodies are not needed by any endpoint, so they are counted and released as they arrive,
 * never buffered. A scrape runs off the event loop, and a what-if on its line's worker; while
 * one does, reading stops and requests already decoded wait here (at most {@value
 * #MAX_WAITING}), so that answers leave in request order as HTTP/1.1 pipelining requires. An
 * answer that leaves the connection in an unknown state (malformed or oversized request)
 * closes it; every other answer honours keep-alive. A request for the event stream turns the
 * connection into that stream: later requests on it are ignored.
 */
final class OperatorHandler extends ChannelInboundHandlerAdapter {

    static final String ALLOW = "GET, HEAD";
    /** Decoded requests held while a scrape is answered; beyond this the connection is closed. */
    static final int MAX_WAITING = 16;

    private static final Logger log = LoggerFactory.getLogger(OperatorHandler.class);

    /** What a request asked for, or the refusal it already earned. */
    private record Request(HttpMethod method, String path, Map<String, List<String>> params, HttpHeaders headers,
                           HttpVersion version, boolean keepAlive, HttpResponseStatus refusal,
                           String refusalMessage) {

        static Request refused(HttpVersion version, HttpResponseStatus status, String message) {
            return new Request(HttpMethod.GET, "", Map.of(), EmptyHttpHeaders.INSTANCE, version, false, status,
                    message);
        }
    }

    private final OperatorHttpServer.Endpoints endpoints;
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    /** The request whose body is being read. */
    private Request reading;
    private long bodyBytes;
    /** Input after a refusal is ignored: the connection closes once the refusal is sent. */
    private boolean discarding;
    /** An answer is being made off this event loop (a scrape, a what-if). */
    private boolean scraping;
    private boolean closeSent;
    private boolean streaming;

    OperatorHandler(OperatorHttpServer.Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                onRequest(ctx, request);
            }
            if (msg instanceof HttpContent content) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        if (discarding) {
            return;
        }
        HttpVersion version = request.protocolVersion();
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            log.debug("HTTP request refused: malformed, reason={}", cause.toString());
            if (cause instanceof TooLongHttpLineException) {
                refuse(ctx, version, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
            } else if (cause instanceof TooLongHttpHeaderException) {
                refuse(ctx, version, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "request headers larger than " + endpoints.maxRequestBytes() + " bytes");
            } else {
                refuse(ctx, version, HttpResponseStatus.BAD_REQUEST, "malformed request");
            }
            return;
        }
        if (version.majorVersion() != 1) {
            log.debug("HTTP request refused: version {}", version);
            refuse(ctx, HttpVersion.HTTP_1_1, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP version not supported");
            return;
        }
        long length;
        String path;
        Map<String, List<String>> params;
        try {
            length = HttpUtil.getContentLength(request, -1L);
            QueryStringDecoder decoder = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, 64);
            path = decoder.path();
            params = decoder.parameters();
        } catch (IllegalArgumentException e) {
            log.debug("HTTP request refused: malformed, reason={}", e.toString());
            refuse(ctx, version, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        if (length > endpoints.maxRequestBytes()) {
            refuseTooLarge(ctx, version);
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(version, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
        reading = new Request(request.method(), path, params, request.headers(), version,
                HttpUtil.isKeepAlive(request), null, null);
        bodyBytes = 0;
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (discarding || reading == null) {
            return;
        }
        if (content.decoderResult().isFailure()) {
            log.debug("HTTP request refused: malformed body, reason={}", content.decoderResult().cause().toString());
            refuse(ctx, reading.version(), HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        bodyBytes += content.content().readableBytes();
        if (bodyBytes > endpoints.maxRequestBytes()) {
            refuseTooLarge(ctx, reading.version());
            return;
        }
        if (content instanceof LastHttpContent) {
            Request request = reading;
            reading = null;
            dispatch(ctx, request);
        }
    }

    private void refuseTooLarge(ChannelHandlerContext ctx, HttpVersion version) {
        log.debug("HTTP request refused: body larger than {} bytes", endpoints.maxRequestBytes());
        refuse(ctx, version, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request larger than " + endpoints.maxRequestBytes() + " bytes");
    }

    private void refuse(ChannelHandlerContext ctx, HttpVersion version, HttpResponseStatus status, String message) {
        discarding = true;
        reading = null;
        dispatch(ctx, Request.refused(version, status, message));
    }

    /** Serves {@code request} now, or after the requests before it. */
    private void dispatch(ChannelHandlerContext ctx, Request request) {
        if (streaming) {
            return;
        }
        if (!scraping) {
            serve(ctx, request);
        } else if (waiting.size() < MAX_WAITING) {
            waiting.add(request);
        } else {
            log.debug("HTTP connection closed: more than {} pipelined requests waiting", MAX_WAITING);
            ctx.close();
        }
    }

    private void serve(ChannelHandlerContext ctx, Request request) {
        if (request.refusal() != null) {
            send(ctx, request, Route.OTHER, Responses.error(request.version(), request.refusal(),
                    request.refusalMessage()), true);
            return;
        }
        Route route = Route.of(request.path(), endpoints.assets());
        if (route.guarded() && !endpoints.auth().authorized(request.headers())) {
            if (route == Route.STATIC && request.params().containsKey("token")) {
                signIn(ctx, request);
                return;
            }
            FullHttpResponse unauthorized = Responses.error(request.version(), HttpResponseStatus.UNAUTHORIZED,
                    "a bearer token is required (Authorization: Bearer <token>)");
            unauthorized.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"linegate\"");
            send(ctx, request, route, unauthorized, false);
            return;
        }
        if (route == Route.OTHER) {
            send(ctx, request, route, Responses.error(request.version(), HttpResponseStatus.NOT_FOUND, "not found"),
                    false);
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            FullHttpResponse response = Responses.error(request.version(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method not allowed");
            response.headers().set(HttpHeaderNames.ALLOW, ALLOW);
            send(ctx, request, route, response, false);
            return;
        }
        HttpVersion version = request.version();
        switch (route) {
            case HEALTHZ -> send(ctx, request, route,
                    Responses.status(version, HttpResponseStatus.OK, "ok", null), false);
            case READYZ -> send(ctx, request, route, readiness(version), false);
            case METRICS -> scrape(ctx, request);
            case API_LINES -> send(ctx, request, route, endpoints.lines().lines(version), false);
            case API_LINE -> send(ctx, request, route,
                    endpoints.lines().line(version, Route.lineOf(request.path()), request.params()), false);
            case API_PREDICT -> defer(ctx, request, route, endpoints.lines().predict(version,
                    Route.lineOf(request.path()), request.params(), ctx.executor()));
            case API_DEADLETTERS -> send(ctx, request, route, endpoints.lines().deadLetters(version), false);
            case API_EVENTS -> stream(ctx, request);
            case STATIC -> send(ctx, request, route, endpoints.assets().response(version, request.path(),
                    request.headers().get(HttpHeaderNames.IF_NONE_MATCH)), false);
            default -> throw new IllegalStateException("unrouted " + route);
        }
    }

    /**
     * {@code GET /?token=...}: a browser's one way in, since an {@code EventSource} cannot send
     * an {@code Authorization} header. The right token is exchanged for an HttpOnly,
     * SameSite=Strict cookie and a redirect to {@code /}, so the token leaves the address bar
     * and the history; a wrong one is 401.
     */
    private void signIn(ChannelHandlerContext ctx, Request request) {
        List<String> given = request.params().get("token");
        if (request.path().equals("/") && given.size() == 1 && endpoints.auth().matches(given.get(0))) {
            FullHttpResponse redirect = Responses.response(request.version(), HttpResponseStatus.SEE_OTHER,
                    Responses.JSON, "{\"status\":\"signed in\"}");
            redirect.headers().set(HttpHeaderNames.LOCATION, "/")
                    .set(HttpHeaderNames.SET_COOKIE, BearerAuth.cookie(given.get(0)));
            send(ctx, request, Route.STATIC, redirect, false);
        } else {
            log.debug("HTTP sign-in refused: wrong token, remote={}", ctx.channel().remoteAddress());
            FullHttpResponse unauthorized = Responses.error(request.version(), HttpResponseStatus.UNAUTHORIZED,
                    "wrong token");
            unauthorized.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"linegate\"");
            send(ctx, request, Route.STATIC, unauthorized, false);
        }
    }


    /** Turns this connection into the event stream; 503 when too many are open. */
    private void stream(ChannelHandlerContext ctx, Request request) {
        if (request.method().equals(HttpMethod.HEAD)) {
            send(ctx, request, Route.API_EVENTS,
                    Responses.response(request.version(), HttpResponseStatus.OK, Responses.EVENT_STREAM, ""), false);
            return;
        }
        if (!endpoints.events().hasRoom()) {
            FullHttpResponse busy = Responses.error(request.version(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "too many event streams open");
            busy.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
            send(ctx, request, Route.API_EVENTS, busy, false);
            return;
        }
        endpoints.counted(Route.API_EVENTS, HttpResponseStatus.OK);
        streaming = true;
        discarding = true;
        HttpResponse head = new DefaultHttpResponse(request.version(), HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, Responses.EVENT_STREAM)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Accel-Buffering", "no");
        Responses.secure(head);
        HttpUtil.setTransferEncodingChunked(head, true);
        // Sent before the first event, so the client knows at once that the stream is open.
        ctx.write(head);
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(": linegate events\nretry: 3000\n\n",
                StandardCharsets.US_ASCII)));
        endpoints.events().add(ctx.channel());
    }

    /** Answers {@code request} when {@code answer} completes, keeping later requests in order meanwhile. */
    private void defer(ChannelHandlerContext ctx, Request request, Route route,
                       CompletableFuture<FullHttpResponse> answer) {
        if (answer.isDone()) {
            send(ctx, request, route, answer.join(), false);
            return;
        }
        scraping = true;
        ctx.channel().config().setAutoRead(false);
        answer.whenComplete((response, failure) -> {
            try {
                ctx.executor().execute(() -> answered(ctx, request, route, response, failure));
            } catch (RejectedExecutionException shuttingDown) {
                if (response != null) {
                    response.release();
                }
            }
        });
    }

    private void answered(ChannelHandlerContext ctx, Request request, Route route, FullHttpResponse response,
                          Throwable failure) {
        scraping = false;
        if (!ctx.channel().isActive()) {
            waiting.clear();
            if (response != null) {
                response.release();
            }
            return;
        }
        if (failure != null) {
            log.error("HTTP {} failed", route.tag(), failure);
            send(ctx, request, route, Responses.error(request.version(), HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal error"), false);
        } else {
            send(ctx, request, route, response, false);
        }
        ctx.channel().config().setAutoRead(true);
        while (!scraping && !closeSent && !streaming && !waiting.isEmpty()) {
            serve(ctx, waiting.poll());
        }
    }

    private FullHttpResponse readiness(HttpVersion version) {
        Readiness readiness;
        try {
            readiness = endpoints.readiness().get();
        } catch (RuntimeException e) {
            log.error("Readiness check failed", e);
            readiness = new Readiness(java.util.List.of("readiness check failed: " + e));
        }
        return readiness.isReady()
                ? Responses.status(version, HttpResponseStatus.OK, "ready", null)
                : Responses.status(version, HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready", readiness.reason());
    }

    /** Runs the scrape on the scrape thread and answers back on this connection's event loop. */
    private void scrape(ChannelHandlerContext ctx, Request request) {
        scraping = true;
        ctx.channel().config().setAutoRead(false);
        try {
            endpoints.scrapes().execute(() -> {
                String text = null;
                RuntimeException failure = null;
                try {
                    text = endpoints.metrics().get();
                } catch (RuntimeException e) {
                    failure = e;
                }
                String scraped = text;
                RuntimeException failed = failure;
                try {
                    ctx.executor().execute(() -> scraped(ctx, request, scraped, failed));
                } catch (RejectedExecutionException shuttingDown) {
                    // the server is closing: the connection goes with it
                }
            });
        } catch (RejectedExecutionException busy) {
            scraping = false;
            ctx.channel().config().setAutoRead(true);
            FullHttpResponse response = Responses.error(request.version(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "too many scrapes in progress");
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            send(ctx, request, Route.METRICS, response, false);
        }
    }

    private void scraped(ChannelHandlerContext ctx, Request request, String text, RuntimeException failure) {
        scraping = false;
        if (!ctx.channel().isActive()) {
            waiting.clear();
            return;
        }
        if (failure != null) {
            log.error("Metrics scrape failed", failure);
            send(ctx, request, Route.METRICS, Responses.error(request.version(),
                    HttpResponseStatus.INTERNAL_SERVER_ERROR, "metrics scrape failed"), false);
        } else {
            send(ctx, request, Route.METRICS,
                    Responses.response(request.version(), HttpResponseStatus.OK, Responses.PROMETHEUS_TEXT, text), false);
        }
        ctx.channel().config().setAutoRead(true);
        while (!scraping && !closeSent && !waiting.isEmpty()) {
            serve(ctx, waiting.poll());
        }
    }

    private void send(ChannelHandlerContext ctx, Request request, Route route, FullHttpResponse response,
                      boolean close) {
        endpoints.counted(route, response.status());
        Responses.secure(response);
        FullHttpResponse out = response;
        if (request.method().equals(HttpMethod.HEAD)) {
            out = response.replace(Unpooled.EMPTY_BUFFER);
            response.release();
        }
        boolean keepAlive = request.keepAlive() && !close;
        HttpUtil.setKeepAlive(out, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(out);
        } else {
            closeSent = true;
            discarding = true;
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && !scraping && !streaming) {
            log.debug("HTTP connection closed: idle, remote={}", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection closed: {}, remote={}", cause.toString(), ctx.channel().remoteAddress());
        ctx.close();
    }
}
