package io.linegate.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class DecodeLimitsTest {

    @Test
    void defaultsAreQuarterMebibytePayloadsDepthSixteenKibiStringsAndTenThousandReadings() {
        DecodeLimits limits = DecodeLimits.defaults();

        assertThat(limits.maxPayloadBytes()).isEqualTo(262_144);
        assertThat(limits.maxJsonDepth()).isEqualTo(16);
        assertThat(limits.maxJsonStringLength()).isEqualTo(1024);
        assertThat(limits.maxReadingsPerBatch()).isEqualTo(10_000);
    }

    @Test
    void rejectsNonPositivePayloadLimitNamingTheValueFound() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DecodeLimits(-3, 16, 1024, 10_000))
                .withMessage("maxPayloadBytes must be greater than 0. Found: -3");
    }

    @Test
    void rejectsEveryOtherNonPositiveLimitByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DecodeLimits(1, 0, 1, 1))
                .withMessage("maxJsonDepth must be greater than 0. Found: 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new DecodeLimits(1, 1, -1, 1))
                .withMessage("maxJsonStringLength must be greater than 0. Found: -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new DecodeLimits(1, 1, 1, 0))
                .withMessage("maxReadingsPerBatch must be greater than 0. Found: 0");
    }
}
