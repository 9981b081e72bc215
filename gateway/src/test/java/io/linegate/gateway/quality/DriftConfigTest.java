package io.linegate.gateway.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Verifies {@link DriftConfig}'s defaults, spellings and validation messages. */
class DriftConfigTest {

    @Test
    void defaultsAreCusumOnStandardizedResidualsReportingOnly() {
        DriftConfig defaults = DriftConfig.defaults();

        assertThat(defaults.method()).isEqualTo(DriftConfig.Method.CUSUM);
        assertThat(defaults.standardize()).isTrue();
        assertThat(defaults.reaction()).isEqualTo(DriftConfig.Reaction.NONE);
        Cusum cusum = (Cusum) DriftDetector.create(defaults).orElseThrow();
        assertThat(cusum.k()).isEqualTo(0.5);
        assertThat(cusum.h()).isEqualTo(12);
        assertThat(cusum.warmup()).isEqualTo(100);
        PageHinkley pageHinkley = (PageHinkley) DriftDetector
                .create(defaults.withMethod(DriftConfig.Method.PAGE_HINKLEY)).orElseThrow();
        assertThat(pageHinkley.delta()).isEqualTo(0.5);
        assertThat(pageHinkley.lambda()).isEqualTo(12);
        assertThat(pageHinkley.minInstances()).isEqualTo(30);
    }

    @Test
    void methodNoneCreatesNoDetector() {
        assertThat(DriftDetector.create(DriftConfig.defaults().withMethod(DriftConfig.Method.NONE))).isEmpty();
    }

    @Test
    void spellsMethodsAndReactionsAsConfigDoes() {
        assertThat(DriftConfig.Method.PAGE_HINKLEY.id()).isEqualTo("page-hinkley");
        assertThat(DriftConfig.Method.CUSUM.id()).isEqualTo(Cusum.METHOD);
        assertThat(DriftConfig.Method.PAGE_HINKLEY.id()).isEqualTo(PageHinkley.METHOD);
        assertThat(DriftConfig.Reaction.FORGET.id()).isEqualTo("forget");
    }

    @Test
    void refusesEachBadValueNamingItsKey() {
        DriftConfig d = DriftConfig.defaults();
        assertRefused(() -> new DriftConfig(d.method(), true, -0.1, d.lambda(), d.minInstances(), d.k(), d.h(),
                d.warmup(), d.reaction(), d.forgetFactor(), d.forgetWindows()),
                "delta must be finite and at least 0. Found: -0.1");
        assertRefused(() -> new DriftConfig(d.method(), true, d.delta(), Double.NaN, d.minInstances(), d.k(), d.h(),
                d.warmup(), d.reaction(), d.forgetFactor(), d.forgetWindows()),
                "lambda must be finite and greater than 0. Found: NaN");
        assertRefused(() -> new DriftConfig(d.method(), true, d.delta(), d.lambda(), 0, d.k(), d.h(),
                d.warmup(), d.reaction(), d.forgetFactor(), d.forgetWindows()),
                "minInstances must be in [1, 10000000] windows. Found: 0");
        assertRefused(() -> new DriftConfig(d.method(), true, d.delta(), d.lambda(), d.minInstances(), -1, d.h(),
                d.warmup(), d.reaction(), d.forgetFactor(), d.forgetWindows()),
                "k must be finite and at least 0. Found: -1.0");
        assertRefused(() -> new DriftConfig(d.method(), true, d.delta(), d.lambda(), d.minInstances(), d.k(),
                Double.POSITIVE_INFINITY, d.warmup(), d.reaction(), d.forgetFactor(), d.forgetWindows()),
                "h must be finite and greater than 0. Found: Infinity");
        assertRefused(() -> new DriftConfig(d.method(), true, d.delta(), d.lambda(), d.minInstances(), d.k(), d.h(),
                1, d.reaction(), d.forgetFactor(), d.forgetWindows()),
                "warmup must be in [2, 10000000] windows. Found: 1");
        assertRefused(() -> new DriftConfig(d.method(), true, d.delta(), d.lambda(), d.minInstances(), d.k(), d.h(),
                d.warmup(), d.reaction(), 1.0, d.forgetWindows()),
                "forgetFactor must be in (0, 1). Found: 1.0");
        assertRefused(() -> new DriftConfig(d.method(), true, d.delta(), d.lambda(), d.minInstances(), d.k(), d.h(),
                d.warmup(), d.reaction(), d.forgetFactor(), 0),
                "forgetWindows must be in [1, 10000000] windows. Found: 0");
        assertThatThrownBy(() -> new DriftConfig(null, true, d.delta(), d.lambda(), d.minInstances(), d.k(), d.h(),
                d.warmup(), d.reaction(), d.forgetFactor(), d.forgetWindows()))
                .isInstanceOf(NullPointerException.class).hasMessage("method");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable build, String message) {
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
