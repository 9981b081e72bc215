package io.linegate.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback between a client (the gateway) and a broker, for fault tests.
 * Modes: {@link Mode#PASS} forwards bytes; {@link Mode#BLACKHOLE} keeps connections open but
 * silently discards bytes both ways (like a dead network path) and accepts new connections
 * that go nowhere; {@link Mode#RESET} resets every connection and refuses new ones;
 * {@link Mode#THROTTLE} forwards at most {@code bytesPerSecond} each way.
 *
 * <p>Threads: one acceptor and two pump threads per connection, all daemons named
 * {@code test-fault-proxy-*}, all ended by {@link #close()}.
 */
final class FaultProxy implements AutoCloseable {

    enum Mode { PASS, BLACKHOLE, RESET, THROTTLE }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile Mode mode = Mode.PASS;
    private volatile long bytesPerSecond = Long.MAX_VALUE;
    private final java.util.concurrent.atomic.AtomicLong connections = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    FaultProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "test-fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    /** Switches mode; {@link Mode#RESET} also resets every open connection at once. */
    void mode(Mode newMode) {
        this.mode = newMode;
        if (newMode == Mode.RESET) {
            for (Socket s : sockets) {
                reset(s);
            }
        }
    }

    /** Connections accepted so far (including those reset at once). */
    long connections() {
        return connections.get();
    }

    void throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.mode = Mode.THROTTLE;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            if (mode == Mode.RESET) {
                reset(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, "up");
                pump(upstream, client, "down");
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    Mode m = mode;
                    if (m == Mode.BLACKHOLE) {
                        continue;
                    }
                    if (m == Mode.THROTTLE) {
                        LockSupport.parkNanos(n * 1_000_000_000L / Math.max(1, bytesPerSecond));
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection ended or was reset
            } finally {
                reset(from);
                reset(to);
            }
        }, "test-fault-proxy-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.remove(s);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            reset(s);
        }
    }
}
