package io.linegate.gateway.it;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.stream.Collectors;

/** Renders a gateway's counters and gauges for assertion messages. */
final class Meters {

    private Meters() {
    }

    /** The sum of every counter (function counters too) named {@code name} whose tags include {@code tags}. */
    static double count(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum()
                + registry.find(name).tags(tags).functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    }

    static String describe(MeterRegistry registry) {
        return registry.getMeters().stream()
                .map(m -> {
                    String tags = m.getId().getTags().stream().map(t -> t.getKey() + "=" + t.getValue())
                            .collect(Collectors.joining(",", "{", "}"));
                    double value = m instanceof Counter c ? c.count() : m instanceof Gauge g ? g.value() : Double.NaN;
                    return m.getId().getName() + tags + "=" + value;
                })
                .filter(line -> !line.endsWith("=0.0") && !line.endsWith("=NaN"))
                .sorted()
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
