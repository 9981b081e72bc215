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
                        .map(Thread::getName)
                        .filter(name -> startsWithAny(name, prefixes)))
                        .as("threads left behind").isEmpty());
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
