package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verifies that the fault proxy used by the outage tests passes, swallows and resets traffic. */
class FaultProxyTest {

    private ServerSocket echo;
    private Thread echoThread;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread = new Thread(() -> {
            while (!echo.isClosed()) {
                try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // next
                }
            }
        }, "test-echo");
        echoThread.setDaemon(true);
        echoThread.start();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    @Test
    void passesBytesBothWaysThenSwallowsThemInBlackholeMode() throws IOException {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", echo.getLocalPort());
             Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write('a');
            assertThat(s.getInputStream().read()).isEqualTo('a');

            proxy.mode(FaultProxy.Mode.BLACKHOLE);
            s.setSoTimeout(300);
            s.getOutputStream().write('b');
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void resetsOpenConnectionsAndRefusesNewOnes() throws IOException {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", echo.getLocalPort());
             Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write('a');
            assertThat(s.getInputStream().read()).isEqualTo('a');

            proxy.mode(FaultProxy.Mode.RESET);

            assertThatThrownBy(() -> {
                s.getOutputStream().write('b');
                if (s.getInputStream().read() < 0) {
                    throw new IOException("closed");
                }
            }).isInstanceOf(IOException.class);
            try (Socket again = new Socket("127.0.0.1", proxy.port())) {
                again.setSoTimeout(2_000);
                assertThatThrownBy(() -> {
                    again.getOutputStream().write('c');
                    if (again.getInputStream().read() < 0) {
                        throw new IOException("closed");
                    }
                }).isInstanceOf(IOException.class);
            }
        }
    }
}
