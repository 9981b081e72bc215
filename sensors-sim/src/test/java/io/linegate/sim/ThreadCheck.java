package io.linegate.sim;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/** Checks that the simulator's and Californium's threads are gone. */
final class ThreadCheck {

    private static final List<String> PREFIXES = List.of("sensors-sim-", "UDP-", "DTLS-", "CoapServer", "Coap#");

    private ThreadCheck() {
    }

    static void awaitNoCoapThreads() {
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .noneMatch(thread -> PREFIXES.stream().anyMatch(prefix -> thread.getName().startsWith(prefix))));
    }
}
