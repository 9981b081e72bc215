package io.linegate.gateway.http;

import io.linegate.gateway.observe.AlertEvent;
import io.linegate.gateway.observe.GatewayStats;
import io.linegate.gateway.observe.LineBoard;
import io.linegate.gateway.observe.LineSnapshot;
import io.linegate.gateway.observe.PredictionPoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Server-Sent Events behind {@code /api/events}: {@code prediction} (a line's windows since
 * the last flush), {@code model} (a line's overview after its model learned), {@code alert} and
 * {@code stats} (gateway-wide counts and rates), plus a comment line as heartbeat.
 *
 * <p>Threads: line workers call the {@link LineBoard.Listener} methods; those only put the event
 * in a map (the latest per line, with at most {@value #MAX_POINTS} windows) or a bounded queue,
 * so a worker never waits for a client. One event loop flushes every {@code flushInterval}: it
 * writes each coalesced event once, to every client. A client whose connection has more than
 * {@code sseBufferBytes} unread (Netty's write buffer high-water mark) is dropped at the next
 * flush and counted in {@code linegate.http.sse.dropped}; its backlog can never grow beyond that
 * plus one flush.
 */
final class EventHub implements LineBoard.Listener, AutoCloseable {

    /** Windows of one line held between flushes; older ones are left out of the event. */
    static final int MAX_POINTS = 64;
    static final int MAX_ALERTS = 256;
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OperatorApi api;
    private final Set<Channel> clients = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, List<PredictionPoint>> points = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LineSnapshot> models = new ConcurrentHashMap<>();
    private final ArrayBlockingQueue<AlertEvent> alerts = new ArrayBlockingQueue<>(MAX_ALERTS);
    private final Counter dropped;
    private final Counter alertsDropped;
    private final ScheduledFuture<?> flushes;
    private long lastHeartbeatNanos = System.nanoTime();
    private long lastStatsNanos;
    private GatewayStats previous;

    EventHub(OperatorApi api, EventExecutor loop, MeterRegistry meters) {
        this.api = api;
        this.dropped = Counter.builder("linegate.http.sse.dropped")
                .description("Event-stream clients dropped for reading too slowly").register(meters);
        this.alertsDropped = Counter.builder("linegate.http.sse.alerts.dropped")
                .description("Alerts not streamed because too many were waiting for the next flush").register(meters);
        Gauge.builder("linegate.http.sse.clients", clients, Set::size)
                .description("Event-stream clients connected").register(meters);
        this.lastStatsNanos = System.nanoTime() - api.statsInterval().toNanos();
        long every = api.flushInterval().toNanos();
        this.flushes = loop.scheduleAtFixedRate(this::flushSafely, every, every, TimeUnit.NANOSECONDS);
        api.board().subscribe(this);
    }

    /** Whether another client may connect. */
    boolean hasRoom() {
        return clients.size() < api.maxSseClients();
    }

    /** Streams events to {@code channel} (its response head already written) until it closes. */
    void add(Channel channel) {
        clients.add(channel);
        channel.closeFuture().addListener(f -> clients.remove(channel));
        log.debug("Event stream opened remote={} clients={}", channel.remoteAddress(), clients.size());
    }

    @Override
    public void onWindow(LineSnapshot snapshot, PredictionPoint point, boolean learned) {
        if (clients.isEmpty()) {
            return;
        }
        points.merge(snapshot.line(), List.of(point), (held, add) -> {
            List<PredictionPoint> all = new ArrayList<>(Math.min(held.size() + 1, MAX_POINTS));
            all.addAll(held.subList(Math.max(0, held.size() + 1 - MAX_POINTS), held.size()));
            all.addAll(add);
            return all;
        });
        if (learned) {
            models.put(snapshot.line(), snapshot);
        }
    }

    @Override
    public void onAlert(AlertEvent alert) {
        if (!clients.isEmpty() && !alerts.offer(alert)) {
            alertsDropped.increment();
        }
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.error("Event stream flush failed", e);
        }
    }

    private void flush() {
        long now = System.nanoTime();
        if (clients.isEmpty()) {
            points.clear();
            models.clear();
            alerts.clear();
            return;
        }
        StringBuilder out = new StringBuilder();
        for (String line : new ArrayList<>(points.keySet())) {
            List<PredictionPoint> held = points.remove(line);
            if (held != null) {
                event(out, "prediction", new PredictionEvent(line, held));
            }
        }
        for (String line : new ArrayList<>(models.keySet())) {
            LineSnapshot s = models.remove(line);
            if (s != null) {
                Map<String, Object> model = LinesApi.overview(s);
                model.put("model", s.model());
                event(out, "model", model);
            }
        }
        for (AlertEvent a; (a = alerts.poll()) != null; ) {
            event(out, "alert", a);
        }
        if (now - lastStatsNanos >= api.statsInterval().toNanos()) {
            lastStatsNanos = now;
            event(out, "stats", stats());
        }
        if (out.length() == 0 && now - lastHeartbeatNanos < api.heartbeat().toNanos()) {
            return;
        }
        byte[] bytes = out.length() == 0 ? HEARTBEAT : out.toString().getBytes(StandardCharsets.UTF_8);
        lastHeartbeatNanos = now;
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            for (Channel c : clients) {
                send(c, buf);
            }
        } finally {
            buf.release();
        }
    }

    private void send(Channel c, ByteBuf buf) {
        if (!c.isActive()) {
            clients.remove(c);
        } else if (!c.isWritable()) {
            clients.remove(c);
            dropped.increment();
            log.debug("Event stream dropped: client reads too slowly remote={}", c.remoteAddress());
            c.close();
        } else {
            c.writeAndFlush(new DefaultHttpContent(buf.retainedDuplicate()))
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    /** The {@code stats} event: the counts, and rates since the previous one. */
    private Map<String, Object> stats() {
        GatewayStats s = api.stats().get();
        Map<String, Object> body = new LinkedHashMap<>();
        double seconds = previous == null ? 0 : (s.atMs() - previous.atMs()) / 1000.0;
        body.put("atMs", s.atMs());
        body.put("ingestRate", seconds > 0 ? (s.readingsAccepted() - previous.readingsAccepted()) / seconds : null);
        body.put("predictionRate", seconds > 0 ? (s.predictions() - previous.predictions()) / seconds : null);
        body.put("readingsAccepted", s.readingsAccepted());
        body.put("predictions", s.predictions());
        body.put("rejectedByReason", s.rejectedByReason());
        body.put("sensorsSubscribed", s.sensorsSubscribed());
        body.put("upstreamConnected", s.upstreamConnected());
        body.put("outboxPending", s.outboxPending());
        body.put("outboxBytes", s.outboxBytes());
        body.put("lines", s.lines());
        body.put("queued", s.queued());
        body.put("deadLetters", api.deadLetters().total());
        previous = s;
        return body;
    }

    private static void event(StringBuilder out, String name, Object data) {
        out.append("event: ").append(name).append("\ndata: ").append(Json.write(data)).append("\n\n");
    }

    @Override
    public void close() {
        api.board().unsubscribe(this);
        flushes.cancel(false);
        for (Channel c : clients) {
            c.close();
        }
        clients.clear();
    }

    /** The data of a {@code prediction} event; a record, so {@code line} comes first in the JSON. */
    private record PredictionEvent(String line, Object points) {
    }
}
