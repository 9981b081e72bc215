package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Verifies the fleet's pacing, window, counters and completion against an in-memory broker. */
@Timeout(20)
class FleetTest {

    private static final long START_MS = 1_764_340_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(START_MS), ZoneOffset.UTC);

    private final List<Fleet> fleets = new ArrayList<>();

    @AfterEach
    void closeFleetsAndCheckForThreads() {
        fleets.forEach(Fleet::close);
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("sensors-sim-")));
    }

    @Test
    void acceleratedFleetPublishesExactlyTheTickLimitWithSyntheticEventTime() throws Exception {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.ACK_NOW, 100);
        FleetConfig config = base().lines(2).format(PayloadFormat.JSON).accelerated(START_MS).maxTicks(30).build();

        Fleet fleet = start(config, sink);
        fleet.completion().get(10, TimeUnit.SECONDS);

        assertThat(fleet.ticks()).isEqualTo(30);
        assertThat(fleet.publishedMessages()).isEqualTo(2 * 30 * 4);
        assertThat(fleet.publishedReadings()).isEqualTo(2 * 30 * 4);
        assertThat(fleet.failedMessages()).isZero();
        assertThat(fleet.inFlight()).isZero();
        assertThat(fleet.progress().done()).isTrue();
        List<SimMessage> feedOfL1 = sink.messages().stream().filter(m -> m.topic().equals("sensors/L1/feed")).toList();
        assertThat(feedOfL1).hasSize(30);
        for (int k = 0; k < 30; k++) {
            assertThat(feedOfL1.get(k).payloadText()).contains("\"ts\":" + (START_MS + 100L * k) + ",\"seq\":" + (k + 1) + "}");
        }
    }

    @Test
    void publishesExactlyWhatTheGeneratorAndEncoderProduceInEventTimeOrder() throws Exception {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.ACK_NOW, 100);
        FleetConfig config = base().lines(3).format(PayloadFormat.PROTOBUF).seed(9).accelerated(START_MS)
                .duration(Duration.ofSeconds(2)).build();

        Fleet fleet = start(config, sink);
        fleet.completion().get(10, TimeUnit.SECONDS);

        FleetGenerator generator = FleetGenerator.of(config);
        PayloadEncoder encoder = new PayloadEncoder(config.format(), config.topicPrefix());
        List<SimMessage> expected = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            generator.tick(START_MS + 100L * k).forEach(tick -> expected.addAll(encoder.encode(tick)));
        }
        assertThat(sink.messages()).containsExactlyElementsOf(expected);
        assertThat(fleet.groundTruth()).isEqualTo(generator.groundTruth());
        assertThat(fleet.publishedMessages()).isEqualTo(60);
        assertThat(fleet.publishedReadings()).isEqualTo(240);
    }

    @Test
    void neverHasMoreMessagesInFlightThanTheWindow() throws Exception {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.ACK_ON_BROKER_THREAD, 4);
        FleetConfig config = base().lines(5).accelerated(START_MS).maxTicks(200).maxInFlight(1000).build();

        Fleet fleet = start(config, sink);
        fleet.completion().get(10, TimeUnit.SECONDS);

        assertThat(sink.maxOutstanding()).isBetween(1, 4);
        assertThat(fleet.publishedMessages()).isEqualTo(5 * 200 * 4);
    }

    @Test
    void completesOnlyWhenEveryPublishHasBeenAcknowledged() throws Exception {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.HOLD, 100);
        FleetConfig config = base().lines(3).format(PayloadFormat.SENML).accelerated(START_MS).maxTicks(1).build();

        Fleet fleet = start(config, sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.pendingCount() == 3 && fleet.ticks() == 1);

        assertThat(fleet.completion()).isNotDone();
        assertThat(fleet.inFlight()).isEqualTo(3);
        sink.ackAll();
        fleet.completion().get(5, TimeUnit.SECONDS);
        assertThat(fleet.publishedMessages()).isEqualTo(3);
    }

    @Test
    void countsFailedPublishesAndCompletesExceptionally() {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.FAIL_NOW, 100);
        FleetConfig config = base().lines(2).accelerated(START_MS).maxTicks(1).build();

        Fleet fleet = start(config, sink);

        assertThatThrownBy(() -> fleet.completion().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(FleetException.class)
                .hasMessage("8 of 8 messages were not published; first failure: broker says no");
        assertThat(fleet.failedMessages()).isEqualTo(8);
        assertThat(fleet.publishedMessages()).isZero();
    }

    @Test
    void realtimeFleetPacesTicksAtTheRateAndStampsTheClock() throws Exception {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.ACK_NOW, 100);
        FleetConfig config = base().lines(1).ratePerSecond(50).maxTicks(10).build();

        Fleet fleet = start(config, sink);
        fleet.completion().get(10, TimeUnit.SECONDS);

        // Fixed-rate scheduling never runs tick k before k intervals have passed.
        assertThat(fleet.progress().elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(9 * 20));
        assertThat(fleet.ticks()).isEqualTo(10);
        assertThat(sink.messages()).hasSize(40)
                .allSatisfy(message -> assertThat(message.payloadText()).contains("\"ts\":" + START_MS + ","));
    }

    @Test
    void stopEndsAnUnlimitedFleetAfterTheCurrentTick() throws Exception {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.ACK_NOW, 100);
        Fleet fleet = start(base().lines(2).ratePerSecond(200).build(), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> fleet.ticks() >= 3);

        fleet.stop();
        fleet.completion().get(5, TimeUnit.SECONDS);

        long ticks = fleet.ticks();
        assertThat(fleet.publishedMessages()).isEqualTo(ticks * 2 * 4);
        assertThat(sink.messages()).hasSize((int) (ticks * 2 * 4));
    }

    @Test
    void lostConnectionEndsAnAcceleratedRunWithTheCause() {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.HOLD, 2);
        Fleet fleet = start(base().lines(1).accelerated(START_MS).build(), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.pendingCount() == 2);

        IOException cause = new IOException("Connection lost");
        fleet.connectionEvents().connectionLost(cause);
        sink.failAll(cause);

        assertThatThrownBy(() -> fleet.completion().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(FleetException.class)
                .hasMessage("fleet stopped after 0 ticks per line: Connection lost");
    }

    @Test
    void closeGivesUpOnUnacknowledgedPublishesAndReleasesTheSink() {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.HOLD, 2);
        Fleet fleet = start(base().lines(1).accelerated(START_MS).build(), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.pendingCount() == 2);

        fleet.close(Duration.ofMillis(50));

        assertThat(sink.closed()).isTrue();
        assertThatThrownBy(() -> fleet.completion().get(1, TimeUnit.SECONDS))
                .cause().isInstanceOf(FleetException.class)
                .hasMessage("fleet closed with 2 messages still in flight");
    }

    @Test
    void reportsEachDriftOnceOnThePublisherThreadAndPublishesWhatTheGeneratorProduces() throws Exception {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.ACK_NOW, 100);
        FleetConfig config = base().lines(2).format(PayloadFormat.SENML).accelerated(START_MS).maxTicks(30)
                .drift(Drift.add(Duration.ofSeconds(1), "speed", 3))
                .dropout(Dropout.of("feed", Duration.ofSeconds(2), Duration.ofMillis(500)).onLine("L2"))
                .build();
        List<DriftEvent> events = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();

        Fleet fleet = Fleet.start(config, CLOCK, created -> sink, event -> {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        });
        fleets.add(fleet);
        fleet.completion().get(10, TimeUnit.SECONDS);

        assertThat(fleet.startEpochMs()).isEqualTo(START_MS);
        assertThat(events).extracting(DriftEvent::lineId).containsExactly("L1", "L2");
        assertThat(events).extracting(DriftEvent::eventTimeMs).containsOnly(START_MS + 1_000);
        assertThat(threads).containsOnly("sensors-sim-publisher");
        FleetGenerator generator = FleetGenerator.of(config);
        PayloadEncoder encoder = new PayloadEncoder(config.format(), config.topicPrefix());
        List<SimMessage> expected = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            generator.tick(START_MS + 100L * k).forEach(tick -> expected.addAll(encoder.encode(tick)));
        }
        assertThat(sink.messages()).containsExactlyElementsOf(expected);
        assertThat(fleet.publishedReadings()).isEqualTo(2 * 30 * 4 - 5);
    }

    @Test
    void aDriftListenerThatThrowsDoesNotStopTheFleet() throws Exception {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.ACK_NOW, 100);
        FleetConfig config = base().lines(1).accelerated(START_MS).maxTicks(20)
                .drift(Drift.add(Duration.ofSeconds(1), "speed", 3)).build();

        Fleet fleet = Fleet.start(config, CLOCK, created -> sink, event -> {
            throw new IllegalStateException("listener bug");
        });
        fleets.add(fleet);
        fleet.completion().get(10, TimeUnit.SECONDS);

        assertThat(fleet.ticks()).isEqualTo(20);
        assertThat(fleet.failedMessages()).isZero();
    }

    @Test
    void aRealtimeFleetCountsScenarioTimeFromTheClockAtStart() throws Exception {
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.ACK_NOW, 100);

        Fleet fleet = start(base().lines(1).ratePerSecond(100).maxTicks(3).build(), sink);
        fleet.completion().get(10, TimeUnit.SECONDS);

        assertThat(fleet.startEpochMs()).isEqualTo(START_MS);
    }

    private static FleetConfig.Builder base() {
        return FleetConfig.builder().seed(42).ratePerSecond(10);
    }

    private Fleet start(FleetConfig config, RecordingSink sink) {
        Fleet fleet = Fleet.start(config, CLOCK, created -> sink);
        fleets.add(fleet);
        return fleet;
    }
}
