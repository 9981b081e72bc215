package io.linegate.gateway.it;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.stream.Collectors;

/** Renders a gateway's counters and gauges for assertion messages. */
final class Meters {

    private Meters() {
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
