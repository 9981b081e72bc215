package io.linegate.sim.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The gateway's Prometheus metric names the benchmark reads, and differences between two scrapes. Pure. */
final class Metrics {

    static final String ACCEPTED = "linegate_readings_accepted_total";
    static final String REJECTED = "linegate_rejected_total";
    static final String PREDICTIONS = "linegate_predictions_total";
    static final String INGEST_MESSAGES = "linegate_ingest_messages_total";
    static final List<String> ALL = List.of(ACCEPTED, REJECTED, PREDICTIONS, INGEST_MESSAGES);

    private Metrics() {
    }

    /** {@code after - before} of the sum of {@code name} over all labels, rounded. */
    static long delta(PrometheusText.Scrape before, PrometheusText.Scrape after, String name) {
        return Math.round(after.sum(name) - before.sum(name));
    }

    /** Per label value, {@code after - before}; values that did not change are left out. */
    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((key, value) -> {
            double change = value - before.getOrDefault(key, 0.0);
            if (change != 0) {
                delta.put(key, change);
            }
        });
        return delta;
    }

    /**
     * A note naming the metrics the scrape lacks (a counter never incremented may be absent,
     * so this is a warning, not a failure), or null when all are there.
     */
    static String missing(PrometheusText.Scrape scrape) {
        List<String> absent = ALL.stream().filter(name -> !scrape.has(name)).toList();
        return absent.isEmpty() ? null : "metrics absent from /metrics (read as 0): " + String.join(", ", absent);
    }
}
