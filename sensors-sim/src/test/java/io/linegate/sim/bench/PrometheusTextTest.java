package io.linegate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String EXPOSITION = """
            # HELP linegate_readings_accepted_total Readings accepted.
            # TYPE linegate_readings_accepted_total counter
            linegate_readings_accepted_total{source="mqtt"} 1200.0
            linegate_readings_accepted_total{source="coap"} 34

            # A free comment
            linegate_rejected_total{reason="MALFORMED",source="mqtt"} 3.0
            linegate_rejected_total{reason="LATE",source="mqtt",} 2.0 1764340000123
            linegate_predictions_total{predicted="true"} 40
            linegate_predictions_total{predicted="false"} 6
            linegate_ingest_messages_total 1.5e3
            linegate_weird{path="C:\\\\data\\"x\\"\\nnext", other="a,b}c"} 1
            http_latency_seconds_bucket{le="+Inf"} +Inf
            http_latency_seconds_bucket{le="0.5"} NaN
            gauge_negative -Inf
            """;

    @Test
    void sumsEverySampleOfAMetricOverItsLabels() {
        PrometheusText.Scrape scrape = PrometheusText.parse(EXPOSITION);

        assertThat(scrape.sum("linegate_readings_accepted_total")).isEqualTo(1234.0);
        assertThat(scrape.sum("linegate_rejected_total")).isEqualTo(5.0);
        assertThat(scrape.sum("linegate_ingest_messages_total")).isEqualTo(1500.0);
        assertThat(scrape.sum("linegate_predictions_total", labels -> "true".equals(labels.get("predicted"))))
                .isEqualTo(40.0);
        assertThat(scrape.sum("absent_metric")).isZero();
        assertThat(scrape.malformedLines()).isZero();
    }

    @Test
    void groupsSumsByOneLabel() {
        PrometheusText.Scrape scrape = PrometheusText.parse(EXPOSITION);

        assertThat(scrape.sumBy("linegate_rejected_total", "reason")).containsExactly(Map.entry("MALFORMED", 3.0),
                Map.entry("LATE", 2.0));
    }

    @Test
    void unescapesLabelValuesAndKeepsCommasAndBracesInsideQuotes() {
        PrometheusText.Sample sample = PrometheusText.parseLine(
                "linegate_weird{path=\"C:\\\\data\\\"x\\\"\\nnext\", other=\"a,b}c\"} 1");

        assertThat(sample).isNotNull();
        assertThat(sample.labels()).containsExactly(Map.entry("path", "C:\\data\"x\"\nnext"), Map.entry("other", "a,b}c"));
        assertThat(sample.value()).isEqualTo(1.0);
    }

    @Test
    void readsInfinitiesAndNaNButLeavesThemOutOfSums() {
        PrometheusText.Scrape scrape = PrometheusText.parse(EXPOSITION);

        assertThat(scrape.samples()).filteredOn(s -> s.name().equals("http_latency_seconds_bucket"))
                .extracting(PrometheusText.Sample::value)
                .satisfiesExactly(v -> assertThat(v).isInfinite().isPositive(), v -> assertThat(v).isNaN());
        assertThat(scrape.samples()).filteredOn(s -> s.name().equals("gauge_negative"))
                .extracting(PrometheusText.Sample::value).containsExactly(Double.NEGATIVE_INFINITY);
        assertThat(scrape.sum("http_latency_seconds_bucket")).isZero();
    }

    @Test
    void ignoresATimestampAfterTheValue() {
        PrometheusText.Sample sample = PrometheusText.parseLine("m{a=\"b\"} 2.5 1764340000123");

        assertThat(sample.value()).isCloseTo(2.5, within(0.0));
    }

    @Test
    void countsLinesThatDoNotParseInsteadOfThrowing() {
        PrometheusText.Scrape scrape = PrometheusText.parse("""
                good 1
                {no_name="x"} 1
                unterminated{a="b 1
                no_value{a="b"}
                bad_value{a="b"} twelve
                too many fields 1 2 3
                """);

        assertThat(scrape.samples()).extracting(PrometheusText.Sample::name).containsExactly("good");
        assertThat(scrape.malformedLines()).isEqualTo(5);
    }

    @Test
    void acceptsWindowsLineEndings() {
        PrometheusText.Scrape scrape = PrometheusText.parse("# TYPE x counter\r\nx_total 7\r\n");

        assertThat(scrape.sum("x_total")).isEqualTo(7.0);
        assertThat(scrape.malformedLines()).isZero();
    }
}
