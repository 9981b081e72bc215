package io.linegate.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void rendersShortIdsWhole() {
        assertThat(Samples.ofId("line-1")).isEqualTo("line-1");
        assertThat(Samples.ofId("x".repeat(32))).isEqualTo("x".repeat(32));
    }

    @Test
    void cutsLongIdsToThirtyTwoCharactersWithAnEllipsis() {
        String sample = Samples.ofId("x".repeat(33));

        assertThat(sample).hasSize(32).endsWith("...").startsWith("x".repeat(29));
    }

    @Test
    void escapesControlAndNonAsciiCharactersWithinTheBound() {
        assertThat(Samples.ofId("a\tb\\c\u00e9\u20ac")).isEqualTo("a\\x09b\\\\c\\xe9\\u20ac");
        assertThat(Samples.ofId("\u20ac".repeat(20))).hasSizeLessThanOrEqualTo(32).endsWith("...");
    }

    @Test
    void namesAMissingId() {
        assertThat(Samples.ofId(null)).isEqualTo("<none>");
    }
}
