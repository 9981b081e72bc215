package io.linegate.gateway.it;

import io.linegate.sim.PayloadFormat;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The end-to-end scenario against HiveMQ CE in a container (the broker as it is deployed).
 * Runs only where Docker is available; elsewhere JUnit reports it skipped because Docker is
 * not available.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HiveMqContainerIT {

    @Container
    static final HiveMQContainer HIVEMQ = new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));

    @TempDir
    Path storage;

    @Test
    void fleetReadingsBecomeOneHonestPredictionPerWindowOnHiveMqContainer() throws Exception {
        ThreadLeakCheck threads = new ThreadLeakCheck();
        String uri = "tcp://" + HIVEMQ.getHost() + ":" + HIVEMQ.getMqttPort();
        EndToEndIT.runScenario(uri, "e2e-container", PayloadFormat.PROTOBUF, "protobuf", storage);
        threads.assertNoNewThreads("linegate-", "MQTT", "sensors-sim-");
    }
}
