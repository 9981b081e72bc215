package io.linegate.gateway.app;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.linegate.gateway.config.EmbeddedBrokerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE running in this process, for {@code broker: embedded}, the demo and tests.
 *
 * <p>Bound to the configured address (loopback by default), in-memory persistence, a large
 * per-client queue (HiveMQ's default of 1000 discards under load) and a high server receive
 * maximum so publishers are not throttled to 10 messages in flight. It lets every client
 * connect: it is meant for one box's own traffic, not as a public broker.
 *
 * <p>Started and stopped by the thread that owns the gateway; start takes about 3 s.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final EmbeddedBrokerConfig config;
    private final EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(EmbeddedBrokerConfig config, EmbeddedHiveMQ hivemq) {
        this.config = config;
        this.hivemq = hivemq;
    }

    /**
     * Starts a broker whose config and data live under {@code workDir} (created if missing)
     * and waits until it listens.
     */
    public static EmbeddedBroker start(EmbeddedBrokerConfig config, Path workDir) {
        Path conf = workDir.resolve("conf");
        Path data = workDir.resolve("data");
        Path extensions = workDir.resolve("extensions");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(data);
            Files.createDirectories(extensions);
            Files.writeString(conf.resolve("config.xml"), configXml(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare embedded broker folder " + workDir, e);
        }
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withEmbeddedExtension(allowLocalClients())
                .withoutLoggingBootstrap()
                .build();
        try {
            hivemq.start().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(hivemq);
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(hivemq);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("embedded broker did not start on " + config.uri() + ": "
                    + cause.getMessage(), cause);
        }
        log.info("Embedded MQTT broker listening on {}", config.uri());
        return new EmbeddedBroker(config, hivemq);
    }

    /** URI clients use to reach the broker. */
    public String uri() {
        return config.uri();
    }

    @Override
    public void close() {
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Embedded broker did not stop cleanly reason={}", e.toString());
        }
        closeQuietly(hivemq);
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            log.debug("Embedded broker close reason={}", e.toString());
        }
    }

    static String configXml(EmbeddedBrokerConfig config) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                        <receive-maximum>
                            <server-receive-maximum>65535</server-receive-maximum>
                        </receive-maximum>
                    </mqtt>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(config.port(), config.host(), config.maxQueuedMessages());
    }

    private static EmbeddedExtension allowLocalClients() {
        return EmbeddedExtension.builder()
                .withId("linegate-allow-all")
                .withName("Linegate embedded broker: allow clients")
                .withVersion("1")
                .withAuthor("Linegate")
                .withPriority(0)
                .withStartPriority(1000)
                .withExtensionMain(new ExtensionMain() {
                    @Override
                    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
                        Services.securityRegistry().setAuthenticatorProvider(
                                providerInput -> (SimpleAuthenticator) (authInput, authOutput) ->
                                        authOutput.authenticateSuccessfully());
                    }

                    @Override
                    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
                    }
                })
                .build();
    }
}
