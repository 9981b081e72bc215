package io.linegate.gateway.http;

import io.linegate.gateway.config.HttpConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator HTTP server on Netty: health, readiness, metrics, the JSON API, the event stream
 * and the dashboard (see the package documentation for the threads). {@link #start} binds or throws; {@link #close()}
 * stops every thread it started.
 *
 * <p>Created and closed by the gateway's wiring, which owns it. {@link #address()} may be read
 * from any thread.
 */
public final class OperatorHttpServer implements AutoCloseable {

    /** Prefix of every thread the server runs. */
    public static final String THREAD_PREFIX = "linegate-http-";
    static final int WORKER_THREADS = 2;
    /** Scrapes that may wait for the scrape thread; more are answered 503. */
    static final int SCRAPE_QUEUE = 4;
    /** A connection with no traffic for this long is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Request lines longer than this (or than maxRequestBytes, if smaller) are answered 414. */
    static final int MAX_REQUEST_LINE = 4096;
    private static final Logger log = LoggerFactory.getLogger(OperatorHttpServer.class);

    /**
     * What the handlers need, shared by every connection.
     *
     * @param readiness       computes readiness; called on an event loop thread, so it must not block
     * @param metrics         the Prometheus text; called on the scrape thread
     * @param scrapes         the scrape thread
     * @param maxRequestBytes largest body and header block
     * @param meters          where {@code linegate.http.requests} is counted
     * @param lines           the JSON API over the lines
     * @param events          the event stream
     * @param assets          the dashboard's files
     * @param auth            the bearer token check
     */
    record Endpoints(Supplier<Readiness> readiness, Supplier<String> metrics, ExecutorService scrapes,
                     int maxRequestBytes, MeterRegistry meters, LinesApi lines, EventHub events, StaticAssets assets,
                     BearerAuth auth) {

        void counted(Route route, HttpResponseStatus status) {
            Counter.builder("linegate.http.requests").tag("endpoint", route.tag())
                    .tag("status", Integer.toString(status.code()))
                    .description("Operator HTTP requests answered, by endpoint and status").register(meters)
                    .increment();
        }
    }

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ThreadPoolExecutor scrapes;
    private final EventHub events;
    private final Channel channel;
    private final InetSocketAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OperatorHttpServer(EventLoopGroup boss, EventLoopGroup workers, ThreadPoolExecutor scrapes,
                               EventHub events, Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.scrapes = scrapes;
        this.events = events;
        this.channel = channel;
        this.address = (InetSocketAddress) channel.localAddress();
    }

    /**
     * Binds {@code config.bind():config.port()} and starts answering.
     *
     * @param readiness computes {@code /readyz}; called on event loop threads, so it must be quick
     *                  and must not block
     * @param metrics   the {@code /metrics} body in the Prometheus text format; may be slow
     * @param meters    where the server counts its requests
     * @throws IllegalStateException when the address cannot be resolved or bound (the message names
     *                               {@code http.bind}/{@code http.port} and the reason)
     */
    public static OperatorHttpServer start(HttpConfig config, Supplier<Readiness> readiness, Supplier<String> metrics,
                                           MeterRegistry meters) {
        return start(config, readiness, metrics, meters, OperatorApi.none());
    }

    /**
     * Binds {@code config.bind():config.port()} and starts answering, the JSON API, the event
     * stream and the dashboard included.
     *
     * @param api what the API and the dashboard read, and the token they require
     * @throws IllegalStateException when the address cannot be resolved or bound, or when it is
     *                               beyond loopback and {@code api} has no token
     */
    public static OperatorHttpServer start(HttpConfig config, Supplier<Readiness> readiness, Supplier<String> metrics,
                                           MeterRegistry meters, OperatorApi api) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(meters, "meters");
        InetAddress host;
        try {
            host = InetAddress.getByName(config.bind());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("http.bind: cannot resolve " + config.bind(), e);
        }
        if (!host.isLoopbackAddress()) {
            if (api.token().isEmpty()) {
                throw new IllegalStateException("http.bind: " + config.bind() + " is beyond loopback, so a bearer token"
                        + " is required (http.tokenFile or http.tokenEnv)");
            }
            log.info("Operator HTTP listens beyond loopback on {} (http.bind); all but /healthz and /readyz require"
                    + " the bearer token", config.bind());
        }
        StaticAssets assets = StaticAssets.load();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, threads("boss"), NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(WORKER_THREADS, threads("worker"),
                NioIoHandler.newFactory());
        ThreadPoolExecutor scrapes = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(SCRAPE_QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, THREAD_PREFIX + "scrape");
                    thread.setDaemon(true);
                    return thread;
                });
        EventHub events = new EventHub(api, workers.next(), meters);
        Endpoints endpoints = new Endpoints(readiness, metrics, scrapes, config.maxRequestBytes(), meters,
                new LinesApi(api), events, assets, BearerAuth.of(api.token()));
        WriteBufferWaterMark waterMark = new WriteBufferWaterMark(Math.min(32 * 1024, api.sseBufferBytes() / 2),
                api.sseBufferBytes());
        Counter connections = Counter.builder("linegate.http.connections")
                .description("Operator HTTP connections accepted").register(meters);
        int maxLine = Math.min(MAX_REQUEST_LINE, config.maxRequestBytes());
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 64)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.increment();
                            ch.pipeline()
                                    .addLast(new IdleStateHandler(0, 0, IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                                    .addLast(new HttpServerCodec(maxLine, config.maxRequestBytes(), 8192))
                                    .addLast(new OperatorHandler(endpoints));
                        }
                    })
                    .bind(new InetSocketAddress(host, config.port()))
                    .syncUninterruptibly()
                    .channel();
            OperatorHttpServer server = new OperatorHttpServer(boss, workers, scrapes, events, channel);
            log.info("Operator HTTP listening on {} (dashboard /, /api/lines, /api/events, /healthz /readyz /metrics)",
                    server.url());
            return server;
        } catch (Exception e) { // bind() rethrows the checked BindException unchecked
            events.close();
            shutDown(boss, workers, scrapes);
            throw new IllegalStateException("http.port: cannot listen on " + config.bind() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Thread names {@code linegate-http-<role>-1}, {@code -2}, ...; daemon, like the gateway's other threads. */
    private static DefaultThreadFactory threads(String role) {
        AtomicInteger n = new AtomicInteger();
        return new DefaultThreadFactory(THREAD_PREFIX + role, true) {
            @Override
            protected Thread newThread(Runnable r, String name) {
                return super.newThread(r, THREAD_PREFIX + role + "-" + n.incrementAndGet());
            }
        };
    }

    /** Scrapes waiting for the scrape thread (tests). */
    int scrapesWaiting() {
        return scrapes.getQueue().size();
    }

    /** The bound address; its port is the real one when the configured port was 0. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code http://host:port} of the bound address (IPv6 in brackets). */
    public String url() {
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Stops accepting, closes every connection and stops every thread; waits up to a few seconds. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        channel.close().syncUninterruptibly();
        events.close();
        shutDown(boss, workers, scrapes);
        log.info("Operator HTTP stopped on {}", url());
    }

    private static void shutDown(EventLoopGroup boss, EventLoopGroup workers, ExecutorService scrapes) {
        scrapes.shutdownNow();
        var bossDone = boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        var workersDone = workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        bossDone.awaitUninterruptibly(5, TimeUnit.SECONDS);
        workersDone.awaitUninterruptibly(5, TimeUnit.SECONDS);
        try {
            if (!scrapes.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Operator HTTP scrape thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
