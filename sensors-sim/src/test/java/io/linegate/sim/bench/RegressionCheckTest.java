package io.linegate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegressionCheckTest {

    private static final RegressionCheck.Recorded RECORDED = new RegressionCheck.Recorded(0.8, 0.6, 0.3, "test");

    @Test
    void failsOnAnySilentLoss() {
        RegressionCheck.Verdict verdict = RegressionCheck.decide(new RegressionCheck.Measured(1L, 0.8, 0.6), RECORDED);

        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.reasons().get(0)).contains("silent loss: 1 readings");
    }

    @Test
    void failsWhenARatioIsBelowThirtyPercentOfTheRecordedOne() {
        RegressionCheck.Verdict verdict = RegressionCheck.decide(new RegressionCheck.Measured(0L, 0.23, 0.6), RECORDED);

        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.reasons().get(0)).contains("gateway/paho ratio 0.230 vs recorded 0.800 (fails below 0.240");
    }

    @Test
    void passesWithoutLossAndWithRatiosAtOrAboveTheThreshold() {
        RegressionCheck.Verdict verdict = RegressionCheck.decide(new RegressionCheck.Measured(0L, 0.24, 0.18), RECORDED);

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.reasons()).contains("no silent loss");
    }

    @Test
    void passesWhenTheGatewayCountedMoreThanWasPublished() {
        // QoS 1 redeliveries can be counted twice; that is not loss.
        assertThat(RegressionCheck.decide(new RegressionCheck.Measured(-3L, 0.8, null), RECORDED).pass()).isTrue();
    }

    @Test
    void failsWhenTheGatewayPhaseDidNotComplete() {
        RegressionCheck.Verdict verdict = RegressionCheck.decide(new RegressionCheck.Measured(null, null, null), RECORDED);

        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.reasons()).contains("the gateway phase did not complete, so loss is unknown");
    }

    @Test
    void comparesOnlyTheRatiosThatAreBothRecordedAndMeasured() {
        RegressionCheck.Recorded onlyPaho = new RegressionCheck.Recorded(0.8, null, 0.3, "test");

        RegressionCheck.Verdict verdict = RegressionCheck.decide(new RegressionCheck.Measured(0L, 0.5, 0.01), onlyPaho);

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.reasons()).contains("gateway/mosquitto_sub: no recorded ratio, not compared");
    }

    @Test
    void parsesARecordedFileWithDefaults() {
        RegressionCheck.Recorded recorded = RegressionCheck.parse("{\"ratios\": {\"gatewayToPaho\": 0.7}}", "f.json");

        assertThat(recorded.gatewayToPaho()).isEqualTo(0.7);
        assertThat(recorded.gatewayToMosquittoSub()).isNull();
        assertThat(recorded.failBelowFraction()).isEqualTo(0.3);
    }

    @Test
    void rejectsARecordedFileNamingTheBadField() {
        assertThatThrownBy(() -> RegressionCheck.parse("{\"ratios\": {\"gatewayToPaho\": \"high\"}}", "f.json"))
                .isInstanceOf(BenchException.class).hasMessage("f.json: ratios.gatewayToPaho must be a number. Found: \"high\"");
        assertThatThrownBy(() -> RegressionCheck.parse("{\"ratios\": {\"gatewayToPaho\": 0}}", "f.json"))
                .hasMessageContaining("ratios.gatewayToPaho must be greater than 0");
        assertThatThrownBy(() -> RegressionCheck.parse("[1, 2]", "f.json")).hasMessageContaining("must hold a JSON object");
        assertThatThrownBy(() -> RegressionCheck.parse("{", "f.json")).hasMessageContaining("f.json is not valid JSON");
    }

    @Test
    void loadsTheBundledQuickBaseline() {
        RegressionCheck.Recorded recorded = RegressionCheck.load(null);

        assertThat(recorded.gatewayToPaho()).isPositive();
        assertThat(recorded.failBelowFraction()).isEqualTo(0.3);
    }
}
