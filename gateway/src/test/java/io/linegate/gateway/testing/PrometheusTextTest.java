package io.linegate.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verifies that the test's Prometheus text reader accepts the format and refuses what breaks it. */
class PrometheusTextTest {

    @Test
    void readsFamiliesSamplesLabelsAndSpecialValues() {
        var exposition = PrometheusText.parse("""
                # HELP requests_total Requests with a \\\\ and a \\n in the help
                # TYPE requests_total counter
                requests_total{path="/a",code="200"} 3.0
                requests_total{path="q\\"uote\\\\back\\nline",code="500"} 1e3 1712345678000
                # a comment
                # TYPE temp gauge
                temp +Inf
                temp{x="1"} -Inf
                temp{x="2"} NaN
                temp{x="3"} -0.5E-3
                # TYPE latency histogram
                latency_bucket{le="0.1"} 1
                latency_bucket{le="+Inf"} 2
                latency_sum 0.3
                latency_count 2
                untyped_thing 7

                """);

        assertThat(exposition.types()).containsEntry("requests_total", "counter").containsEntry("latency", "histogram");
        assertThat(exposition.named("requests_total")).hasSize(2);
        assertThat(exposition.named("requests_total").get(1).labels())
                .isEqualTo(Map.of("path", "q\"uote\\back\nline", "code", "500"));
        assertThat(exposition.named("temp")).extracting(PrometheusText.Sample::value)
                .containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -0.0005);
        assertThat(exposition.samples()).hasSize(11);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "no_newline 1",
        "1starts_with_digit 1\n",
        "bad-name 1\n",
        "m{1abc=\"x\"} 1\n",
        "m{__reserved=\"x\"} 1\n",
        "m{a=x} 1\n",
        "m{a=\"x\" 1\n",
        "m{a=\"\\t\"} 1\n",
        "m{a=\"x\",a=\"y\"} 1\n",
        "m{a=\"x\"}1\n",
        "m 1.2.3\n",
        "m Infinity\n",
        "m inf\n",
        "m 0x10\n",
        "m 1e999\n",
        "m 1 12.5\n",
        "m 1 2 3\n",
        "m 1 \n",
        "m 1\r\n",
        "m\n",
        "# TYPE m widget\n",
        "# TYPE m counter\n# TYPE m counter\n",
        "# HELP m one\n# HELP m two\n",
        "# HELP m bad \\t escape\n",
        "m 1\n# TYPE m gauge\n",
        "m{a=\"1\"} 1\nm{a=\"1\"} 2\n",
        "a 1\nb 1\na{x=\"y\"} 2\n",
        "# TYPE h histogram\nh 1\n",
    })
    void refusesWhatBreaksTheFormat(String text) {
        assertThatThrownBy(() -> PrometheusText.parse(text)).isInstanceOf(PrometheusText.FormatError.class);
    }
}
