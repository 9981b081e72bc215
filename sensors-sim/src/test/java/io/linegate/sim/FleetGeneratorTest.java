package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetGeneratorTest {

    private static final long START_MS = 1_764_340_000_000L;

    @Test
    void sameSeedGivesSameGroundTruthAndSameReadings() {
        FleetGenerator first = new FleetGenerator(3, "L", 42, 0.5);
        FleetGenerator second = new FleetGenerator(3, "L", 42, 0.5);

        assertThat(first.groundTruth()).isEqualTo(second.groundTruth());
        assertThat(run(first, 50)).isEqualTo(run(second, 50));
    }

    @Test
    void differentSeedsGiveDifferentGroundTruthAndReadings() {
        FleetGenerator first = new FleetGenerator(3, "L", 42, 0.5);
        FleetGenerator second = new FleetGenerator(3, "L", 43, 0.5);

        for (int line = 0; line < 3; line++) {
            assertThat(first.groundTruth().get(line)).isNotEqualTo(second.groundTruth().get(line));
        }
        assertThat(run(first, 20)).isNotEqualTo(run(second, 20));
    }

    @Test
    void linesOfOneFleetHaveDifferentGroundTruths() {
        List<GroundTruth> truths = new FleetGenerator(5, "L", 42, 0.5).groundTruth();

        assertThat(truths).extracting(GroundTruth::coefficients).doesNotHaveDuplicates();
    }

    @Test
    void lineDataDoesNotDependOnHowManyLinesTheFleetHas() {
        FleetGenerator small = new FleetGenerator(2, "L", 7, 0.5);
        FleetGenerator large = new FleetGenerator(9, "L", 7, 0.5);

        assertThat(large.groundTruth().subList(0, 2)).isEqualTo(small.groundTruth());
        for (int i = 0; i < 20; i++) {
            assertThat(large.tick("L2", START_MS + i)).isEqualTo(small.tick("L2", START_MS + i));
        }
    }

    @Test
    void featuresDoNotDependOnTheNoiseLevel() {
        FleetGenerator quiet = new FleetGenerator(1, "L", 7, 0);
        FleetGenerator noisy = new FleetGenerator(1, "L", 7, 2);

        for (int i = 0; i < 20; i++) {
            assertThat(noisy.tick("L1", START_MS + i).features()).isEqualTo(quiet.tick("L1", START_MS + i).features());
        }
    }

    @Test
    void groundTruthIsDrawnFromTheDocumentedRanges() {
        for (GroundTruth truth : new FleetGenerator(200, "line-", 1, 0.5).groundTruth()) {
            assertThat(truth.intercept()).isBetween(20.0, 40.0);
            assertThat(truth.coefficient(SensorIds.FEED)).isBetween(0.05, 0.30);
            assertThat(truth.coefficient(SensorIds.STATE)).isBetween(5.0, 20.0);
            assertThat(truth.coefficient(SensorIds.SPEED)).isBetween(2.0, 8.0);
            assertThat(truth.noiseStdDev()).isEqualTo(0.5);
            assertThat(truth.features()).containsExactlyElementsOf(SensorIds.FEATURES);
        }
    }

    @Test
    void eachTickHasOneReadingPerSensorWithSharedTimeAndIncreasingSeq() {
        FleetGenerator generator = new FleetGenerator(2, "L", 42, 0.5);

        for (int i = 0; i < 5; i++) {
            long tsMs = START_MS + 100L * i;
            long seq = i + 1;
            List<LineTick> ticks = generator.tick(tsMs);

            assertThat(ticks).extracting(LineTick::lineId).containsExactly("L1", "L2");
            for (LineTick tick : ticks) {
                assertThat(tick.seq()).isEqualTo(seq);
                assertThat(tick.readings()).extracting(SimReading::sensorId).containsExactlyElementsOf(SensorIds.ALL);
                assertThat(tick.readings()).allSatisfy(reading -> {
                    assertThat(reading.tsMs()).isEqualTo(tsMs);
                    assertThat(reading.seq()).isEqualTo(seq);
                });
            }
        }
        assertThat(generator.ticks("L1")).isEqualTo(5);
    }

    @Test
    void featuresStayInTheirRangesAndTheLineRunsAboutSeventyPercentOfTheTime() {
        FleetGenerator generator = new FleetGenerator(4, "L", 42, 0.5);
        int running = 0;
        int total = 0;
        for (int i = 0; i < 5_000; i++) {
            for (LineTick tick : generator.tick(START_MS + i)) {
                assertThat(tick.value(SensorIds.FEED)).isBetween(50.0, 150.0);
                assertThat(tick.value(SensorIds.STATE)).isIn(0.0, 1.0);
                assertThat(tick.value(SensorIds.SPEED)).isBetween(1.0, 3.0);
                running += (int) tick.value(SensorIds.STATE);
                total++;
            }
        }
        assertThat(running / (double) total).isBetween(0.6, 0.8);
    }

    @Test
    void targetFollowsTheGroundTruthExactlyWithoutNoise() {
        FleetGenerator generator = new FleetGenerator(1, "L", 5, 0);
        GroundTruth truth = generator.groundTruth("L1");

        for (int i = 0; i < 100; i++) {
            LineTick tick = generator.tick("L1", START_MS + i);
            assertThat(tick.value(SensorIds.EFFICIENCY))
                    .isCloseTo(truth.expected(tick.features()), org.assertj.core.api.Assertions.within(0.0005 + 1e-9));
        }
    }

    @Test
    void rejectsEventTimeGoingBackwards() {
        FleetGenerator generator = new FleetGenerator(1, "L", 5, 0.5);
        generator.tick("L1", START_MS);

        assertThatIllegalArgumentException().isThrownBy(() -> generator.tick("L1", START_MS - 1))
                .withMessage("eventTimeMs must not go backwards on line L1 (last " + START_MS + "). Found: "
                        + (START_MS - 1));
    }

    @Test
    void rejectsUnknownLinesAndBadArguments() {
        FleetGenerator generator = new FleetGenerator(1, "L", 5, 0.5);

        assertThatIllegalArgumentException().isThrownBy(() -> generator.tick("L2", START_MS))
                .withMessage("lineId must be one of [L1]. Found: L2");
        assertThatIllegalArgumentException().isThrownBy(() -> new FleetGenerator(-3, "L", 1, 0.5))
                .withMessage("lines must be greater than 0. Found: -3");
        assertThatIllegalArgumentException().isThrownBy(() -> new FleetGenerator(1, "line/", 1, 0.5))
                .withMessage("line id must match [A-Za-z0-9_.-]{1,64}. Found: line/1");
        assertThatIllegalArgumentException().isThrownBy(() -> new FleetGenerator(1, "L", 1, -1))
                .withMessage("noiseStdDev must be finite and not negative. Found: -1.0");
    }

    private static List<LineTick> run(FleetGenerator generator, int ticks) {
        List<LineTick> all = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            all.addAll(generator.tick(START_MS + 100L * i));
        }
        return all;
    }
}
