package io.linegate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.linegate.sim.FleetGenerator;
import io.linegate.sim.LineTick;
import io.linegate.sim.SimReading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuxiliaryFeaturesTest {

    @Test
    void addsTheAuxiliarySensorsAfterTheSimulatedOnesWithTheTicksTimeAndSeq() {
        FleetGenerator fleet = new FleetGenerator(2, "L", 42, 0.5);
        AuxiliaryFeatures aux = new AuxiliaryFeatures(5, 42, 2);

        LineTick plain = fleet.tick("L2", 1_000);
        LineTick tick = aux.extend(1, plain);

        assertThat(tick.readings()).hasSize(plain.readings().size() + 5);
        assertThat(tick.readings().subList(0, plain.readings().size())).isEqualTo(plain.readings());
        assertThat(tick.readings().stream().map(SimReading::sensorId).toList())
                .endsWith("aux1", "aux2", "aux3", "aux4", "aux5");
        assertThat(tick.readings()).allSatisfy(r -> {
            assertThat(r.tsMs()).isEqualTo(plain.tsMs());
            assertThat(r.seq()).isEqualTo(plain.seq());
        });
    }

    @Test
    void isDeterministicPerSeedAndVariesFromWindowToWindow() {
        List<Double> first = auxValues(new AuxiliaryFeatures(1, 7, 1));
        List<Double> again = auxValues(new AuxiliaryFeatures(1, 7, 1));
        List<Double> otherSeed = auxValues(new AuxiliaryFeatures(1, 8, 1));

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first).allSatisfy(v -> assertThat(v).isBetween(-1.0, 101.0));
        // Regimes: means of 10-tick windows differ, so the feature is not constant per window.
        double firstWindow = first.subList(0, 10).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(first.subList(10, first.size()).stream().mapToDouble(d -> d).anyMatch(
                v -> Math.abs(v - firstWindow) > 10)).isTrue();
    }

    @Test
    void withoutAuxiliaryFeaturesTheTickIsUnchanged() {
        LineTick plain = new FleetGenerator(1, "L", 1, 0.5).tick("L1", 5);

        assertThat(new AuxiliaryFeatures(0, 1, 1).extend(0, plain)).isSameAs(plain);
        assertThat(AuxiliaryFeatures.featureIds(3)).containsExactly("feed", "state", "speed");
    }

    @Test
    void lowestHeapPerMinuteTakesTheMinimumOfEachMinutesSamples() {
        List<GatewaySampler.Sample> samples = List.of(sample(0, 50), sample(30, 20), sample(59, 40),
                sample(60, 35), sample(90, 25), sample(150, 30));

        assertThat(GatewaySampler.lowestHeapPerSpan(samples, Duration.ofMinutes(1))).containsExactly(20L, 25L, 30L);
        assertThat(GatewaySampler.lowestHeapPerSpan(List.of(), Duration.ofMinutes(1))).isEmpty();
    }

    private static GatewaySampler.Sample sample(double seconds, long heap) {
        return new GatewaySampler.Sample(seconds, heap, null, 0, null);
    }

    private static List<Double> auxValues(AuxiliaryFeatures aux) {
        FleetGenerator fleet = new FleetGenerator(1, "L", 3, 0.5);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            LineTick tick = aux.extend(0, fleet.tick("L1", 1_000L + i));
            values.add(tick.value("aux1"));
        }
        return values;
    }
}
