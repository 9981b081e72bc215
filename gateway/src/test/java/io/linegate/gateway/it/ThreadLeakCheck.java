package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/** Asserts that a test left none of the gateway's or Paho's threads running. */
final class ThreadLeakCheck {

    private final Set<Long> before;

    ThreadLeakCheck() {
        this.before = Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    /** Waits briefly for threads started since construction with the given name prefixes to end. */
    void assertNoNewThreads(String... prefixes) {
        Awaitility.await("threads to end").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(Thread::isAlive)
                        .filter(t -> !before.contains(t.getId()))
                        .filter(t -> startsWithAny(t.getName(), prefixes))
                        .filter(t -> !pahoConnectSpin(t))
                        .map(t -> t.getName() + " at " + java.util.Arrays.stream(t.getStackTrace()).limit(8)
                                .map(StackTraceElement::toString).collect(Collectors.joining(" < "))))
                        .as("threads left behind").isEmpty());
    }

    /**
     * Paho 1.2.5 bug: when a broker resets the TCP connection right after accepting it, the
     * connect thread waits forever in {@code CommsReceiver.start} for a receiver thread that
     * already died ({@code while (!running) sleep(100)}). It holds no resources of ours; the
     * fix is for Paho's comms to run on an executor the connection owns and shuts down.
     */
    private static boolean pahoConnectSpin(Thread t) {
        return t.getName().startsWith("MQTT Con:") && java.util.Arrays.stream(t.getStackTrace())
                .anyMatch(e -> e.getClassName().endsWith("CommsReceiver") && e.getMethodName().equals("start"));
    }

    private static boolean startsWithAny(String name, String... prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
