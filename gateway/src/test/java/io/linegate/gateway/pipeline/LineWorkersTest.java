package io.linegate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.gateway.decode.Reading;
import io.linegate.gateway.decode.RejectReason;
import io.linegate.gateway.forward.UpstreamSink;
import io.linegate.gateway.model.OlsModel;
import io.linegate.proto.Alert;
import io.linegate.proto.DeadLetter;
import io.linegate.proto.ModelSummary;
import io.linegate.proto.Prediction;
import io.linegate.gateway.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class LineWorkersTest {

    private static final long T0 = 1_764_340_000_000L;

    private final Collector upstream = new Collector();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(T0);
    private final Rejections rejections = new Rejections("gw", meters, upstream, 1000, clock);
    private LineWorkers workers;

    @TempDir
    Path state;

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close(1_000);
        }
    }

    private LineWorkers start(String yaml, int maxLines, int queueCapacity) {
        GatewayConfig config = ConfigLoader.parse(yaml);
        workers = new LineWorkers("gw", config.lines(), LineModels.BY_KIND, state, Duration.ofHours(1),
                upstream, rejections, 2, queueCapacity, maxLines, Duration.ofMinutes(5), clock, meters);
        workers.start();
        return workers;
    }

    private static final String ONE_FEATURE = """
            lines:
              defaults: {features: [x], target: y, window: 1s, lateness: 0s, idleTimeout: 1s}
            """;

    private void window(String line, int index, double x, double y) {
        long ts = T0 + index * 1000L;
        workers.submit(List.of(new Reading(line, "x", x, ts, Reading.NO_SEQ), new Reading(line, "y", y, ts + 1,
                Reading.NO_SEQ)), "test", "t", null);
    }

    @Test
    void emitsOnePredictionPerClosedWindowWithGapFreeSeqAndPredictsBeforeLearning() {
        start(ONE_FEATURE, 10, 100);
        for (int i = 0; i < 6; i++) {
            window("L1", i, i, 2 * i + 1 + (i % 2 == 0 ? 0.1 : -0.1));
        }
        window("L1", 6, 6, 100);

        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 6);
        assertThat(upstream.predictions).extracting(Prediction::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(upstream.predictions).extracting(Prediction::getModelObservations)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(upstream.predictions.subList(0, 3)).noneMatch(Prediction::hasPredicted);
        assertThat(upstream.predictions.subList(3, 6)).allMatch(Prediction::hasPredicted);
        Prediction sixth = upstream.predictions.get(5);
        OLSMultipleLinearRegression firstFive = new OLSMultipleLinearRegression();
        firstFive.newSampleData(new double[] {1.1, 2.9, 5.1, 6.9, 9.1}, new double[][] {{0}, {1}, {2}, {3}, {4}});
        double[] beta = firstFive.estimateRegressionParameters();
        assertThat(sixth.getPredicted()).as("the fit of the five earlier windows, not including this one")
                .isCloseTo(beta[0] + beta[1] * 5, within(1e-9));
        assertThat(upstream.models).as("the default summaryInterval of 10 s: the first summary, then none while"
                + " the clock stands still").extracting(ModelSummary::getObservations).containsExactly(1L);
    }

    @Test
    void publishesTheModelSummaryAtMostOncePerSummaryIntervalAndAfterEveryWindowAtZero() {
        start(ONE_FEATURE.replace("idleTimeout: 1s}", "idleTimeout: 1s, model: {summaryInterval: 5s}}"), 10, 100);
        for (int i = 0; i < 4; i++) {
            window("L1", i, i, 2 * i + 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 3);
        clock.advance(Duration.ofSeconds(5));
        window("L1", 4, 4, 9);
        window("L1", 5, 5, 11);
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 5);

        assertThat(upstream.models).as("the first, then the first window closed 5 s later")
                .extracting(ModelSummary::getObservations).containsExactly(1L, 4L);
        assertThat(upstream.models.get(1).getObservations()).isEqualTo(upstream.predictions.get(4).getModelObservations());
    }

    @Test
    void withSummaryIntervalZeroEveryLearnedWindowPublishesItsSummary() {
        start(ONE_FEATURE.replace("idleTimeout: 1s}", "idleTimeout: 1s, model: {summaryInterval: 0s}}"), 10, 100);
        for (int i = 0; i < 5; i++) {
            window("L1", i, i, 2 * i + 1);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 4);
        assertThat(upstream.models).extracting(ModelSummary::getObservations).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void resumesModelAndSeqAfterARestartExactlyAsIfItHadNotStopped() {
        start(ONE_FEATURE, 10, 100);
        for (int i = 0; i < 8; i++) {
            window("L1", i, i, 2 * i + 1 + Math.sin(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 7);
        workers.close(5_000);

        start(ONE_FEATURE, 10, 100);
        for (int i = 8; i < 12; i++) {
            window("L1", i, i, 2 * i + 1 + Math.sin(i));
        }

        // Window 7 was still open at the stop: its readings are the documented loss.
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 10);
        assertThat(upstream.predictions).extracting(Prediction::getSeq)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(upstream.predictions).extracting(Prediction::getModelObservations)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        Prediction afterRestart = upstream.predictions.get(7);
        assertThat(afterRestart.getWindowStartMs()).isEqualTo(T0 + 8_000);
        OLSMultipleLinearRegression firstSeven = new OLSMultipleLinearRegression();
        double[] y = new double[7];
        double[][] x = new double[7][1];
        for (int i = 0; i < 7; i++) {
            y[i] = 2 * i + 1 + Math.sin(i);
            x[i][0] = i;
        }
        firstSeven.newSampleData(y, x);
        double[] beta = firstSeven.estimateRegressionParameters();
        assertThat(afterRestart.getPredicted()).as("predicted from the seven windows learned before the restart")
                .isCloseTo(beta[0] + beta[1] * 8, within(1e-9));
        assertThat(meters.get("linegate.lines.restored").counter().count()).isEqualTo(1);
    }

    @Test
    void closesQuietLinesAfterIdleTimeout() {
        start(ONE_FEATURE, 10, 100);
        window("L1", 0, 1, 2);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("linegate.readings.accepted").counter().count() == 2);
        clock.advance(Duration.ofMillis(1000));
        assertThat(upstream.predictions).as("idle exactly the timeout, not longer").isEmpty();

        clock.advance(Duration.ofMillis(1));

        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 1);
        assertThat(meters.get("linegate.windows.closed").tag("cause", "idle").counter().count()).isEqualTo(1);
    }

    @Test
    void countsLateReadingsAndSendsThemToDeadLetters() {
        start(ONE_FEATURE, 10, 100);
        window("L1", 0, 1, 2);
        window("L1", 1, 1, 2);
        window("L1", 0, 5, 5);

        await().atMost(Duration.ofSeconds(5)).until(() -> rejections.count("test", RejectReason.LATE) == 2);
        assertThat(upstream.deadLetters).extracting(DeadLetter::getReason).containsOnly("LATE");
    }

    @Test
    void rejectsLinesBeyondTheCapWithoutKeepingState() {
        start(ONE_FEATURE, 2, 100);
        window("A", 0, 1, 2);
        window("B", 0, 1, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> workers.lineCount() == 2);
        window("C", 0, 1, 2);
        window("C", 1, 1, 2);

        await().atMost(Duration.ofSeconds(5)).until(() -> rejections.count("test", RejectReason.LINE_LIMIT) == 2);
        assertThat(workers.lineCount()).isEqualTo(2);
    }

    @Test
    void rejectsAsOverloadedWhenWorkerQueueIsFullWithoutBlocking() {
        GatewayConfig config = ConfigLoader.parse(ONE_FEATURE);
        // Not started: nothing drains the queues, so the second message of a line finds its queue full.
        workers = new LineWorkers("gw", config.lines(), line -> new OlsModel(line.features()), state,
                Duration.ofHours(1), upstream, rejections,
                1, 1, 10, Duration.ofMinutes(5), clock, meters);

        boolean first = workers.submit(List.of(new Reading("L1", "x", 1, T0, -1)), "test", "t", new byte[] {1});
        boolean second = workers.submit(List.of(new Reading("L1", "x", 1, T0, -1)), "test", "t", new byte[] {1});

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(rejections.count("test", RejectReason.OVERLOADED)).isEqualTo(1);
    }

    @Test
    void rejectsReadingsTooFarAheadOfTheClockSoTheyCannotStallTheLine() {
        start(ONE_FEATURE, 10, 100);
        workers.submit(List.of(new Reading("L1", "x", 1, T0 + Duration.ofDays(365).toMillis(), -1)), "test", "t", null);
        window("L1", 0, 1, 2);
        window("L1", 1, 1, 2);

        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 1);
        assertThat(rejections.count("test", RejectReason.FUTURE)).isEqualTo(1);
        assertThat(rejections.count("test", RejectReason.LATE)).isZero();
    }

    @Test
    void ignoresSensorsThatAreNotPartOfTheLineModel() {
        start(ONE_FEATURE, 10, 100);
        workers.submit(List.of(new Reading("L1", "humidity", 1, T0, -1)), "test", "t", null);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("linegate.readings.ignored").counter().count() == 1);
    }

    @Test
    void survivesAFailingModelAndKeepsServingOtherLines() {
        GatewayConfig config = ConfigLoader.parse(ONE_FEATURE);
        AtomicLong built = new AtomicLong();
        workers = new LineWorkers("gw", config.lines(), line -> {
            if (built.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return new OlsModel(line.features());
        }, state, Duration.ofHours(1), upstream, rejections, 1, 100, 10, Duration.ofMinutes(5), clock, meters);
        workers.start();

        window("BROKEN", 0, 1, 2);
        window("L1", 0, 1, 2);
        window("L1", 1, 1, 2);

        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 1);
        assertThat(meters.get("linegate.worker.errors").counter().count()).isEqualTo(1);
        assertThat(workers.lineCount()).as("the line that failed holds no slot").isEqualTo(1);
    }

    private static final String TWO_FEATURES = """
            lines:
              defaults:
                features: [a, b]
                target: y
                window: 1s
                lateness: 0s
                idleTimeout: 1s
                missing: {policy: %s, maxStaleness: 2s}
            """;

    /** Window {@code index} of line L1 with readings of a (unless NaN), b (unless NaN) and y. */
    private void twoFeatureWindow(int index, double a, double b, double y) {
        long ts = T0 + index * 1000L;
        List<Reading> readings = new java.util.ArrayList<>();
        if (!Double.isNaN(a)) {
            readings.add(new Reading("L1", "a", a, ts, Reading.NO_SEQ));
        }
        if (!Double.isNaN(b)) {
            readings.add(new Reading("L1", "b", b, ts, Reading.NO_SEQ));
        }
        readings.add(new Reading("L1", "y", y, ts + 1, Reading.NO_SEQ));
        workers.submit(readings, "test", "t", null);
    }

    private void learnTenWindowsThenLoseB() {
        for (int i = 0; i < 10; i++) {
            twoFeatureWindow(i, i, (i * 7) % 5, 1 + 2 * i + 3 * ((i * 7) % 5) + (i % 2 == 0 ? 0.1 : -0.1));
        }
        twoFeatureWindow(10, 10, Double.NaN, 30);  // b missing, its last value 1s old
        twoFeatureWindow(11, 11, Double.NaN, 31);
        twoFeatureWindow(12, 12, Double.NaN, 32);  // b's last value now 3s old: beyond maxStaleness
        twoFeatureWindow(13, 13, 1, 33);
    }

    @Test
    void carryForwardPredictsAWindowWithAMissingFeatureNamesItAndDoesNotLearnFromIt() {
        start(TWO_FEATURES.formatted("carry-forward"), 10, 1000);
        learnTenWindowsThenLoseB();

        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 13);
        Prediction carried = upstream.predictions.get(10);
        assertThat(carried.getCarriedFeaturesList()).containsExactly("b");
        assertThat(carried.hasPredicted()).isTrue();
        assertThat(carried.getFeaturesMap()).as("only what the window had").containsOnlyKeys("a");
        assertThat(upstream.predictions.get(11).getCarriedFeaturesList()).containsExactly("b");
        assertThat(upstream.predictions.get(12).hasPredicted()).as("too stale to carry").isFalse();
        assertThat(upstream.predictions.get(12).getCarriedFeaturesList()).isEmpty();
        assertThat(upstream.predictions.get(12).getModelObservations()).as("carried windows were not learned")
                .isEqualTo(10);
        assertThat(meters.get("linegate.windows.incomplete").tag("outcome", "carried").counter().count()).isEqualTo(2);
        assertThat(meters.get("linegate.windows.incomplete").tag("outcome", "skipped").counter().count()).isEqualTo(1);
    }

    @Test
    void skipLeavesAWindowWithAMissingFeatureUnpredictedAndCountsIt() {
        start(TWO_FEATURES.formatted("skip"), 10, 1000);
        learnTenWindowsThenLoseB();

        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.predictions.size() == 13);
        assertThat(upstream.predictions.subList(10, 13)).noneMatch(Prediction::hasPredicted)
                .allMatch(p -> p.getCarriedFeaturesCount() == 0);
        assertThat(meters.get("linegate.windows.incomplete").tag("outcome", "skipped").counter().count()).isEqualTo(3);
    }

    /** Collects what the workers hand upstream. */
    static final class Collector implements UpstreamSink {
        final List<Prediction> predictions = new CopyOnWriteArrayList<>();
        final List<ModelSummary> models = new CopyOnWriteArrayList<>();
        final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        final List<Alert> alerts = new CopyOnWriteArrayList<>();

        @Override
        public void publishPrediction(Prediction prediction) {
            predictions.add(prediction);
        }

        @Override
        public void publishModel(ModelSummary summary) {
            models.add(summary);
        }

        @Override
        public void publishDeadLetter(DeadLetter deadLetter) {
            deadLetters.add(deadLetter);
        }

        @Override
        public void publishAlert(Alert alert) {
            alerts.add(alert);
        }
    }
}
