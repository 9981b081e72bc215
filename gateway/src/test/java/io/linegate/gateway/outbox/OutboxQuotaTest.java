package io.linegate.gateway.outbox;

import io.linegate.gateway.testing.MutableClock;

import static io.linegate.gateway.outbox.OutboxFixtures.T0;
import static io.linegate.gateway.outbox.OutboxFixtures.append;
import static io.linegate.gateway.outbox.OutboxFixtures.config;
import static io.linegate.gateway.outbox.OutboxFixtures.drain;
import static io.linegate.gateway.outbox.OutboxFixtures.dropped;
import static io.linegate.gateway.outbox.OutboxFixtures.ids;
import static io.linegate.gateway.outbox.OutboxFixtures.segmentBytesOnDisk;
import static io.linegate.gateway.outbox.OutboxFixtures.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class OutboxQuotaTest {

    private static final String PADDING = "x".repeat(60);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Outbox outbox;

    @AfterEach
    void close() {
        if (outbox != null) {
            outbox.close();
        }
    }

    private Outbox open(OutboxConfig config) {
        outbox = Outbox.open(config, clock, registry);
        return outbox;
    }

    @Test
    void dropOldestDropsExactlyTheCountedRecordsAndKeepsTheNewest() {
        open(config(dir).withSizes(1024, 4096));
        List<Long> accepted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            accepted.add(append(outbox, "r" + i + PADDING));
            assertThat(outbox.diskBytes()).isLessThanOrEqualTo(4096);
            assertThat(segmentBytesOnDisk(dir)).isLessThanOrEqualTo(4096);
        }

        List<Long> kept = ids(drain(outbox));
        assertThat(accepted).doesNotContain(Outbox.REJECTED);
        assertThat(kept).isNotEmpty().containsExactlyElementsOf(accepted.subList(200 - kept.size(), 200));
        assertThat(dropped(registry, "full")).isEqualTo(200 - kept.size());
        assertThat(outbox.pending()).isEqualTo(kept.size());
    }

    @Test
    void dropOldestCountsDroppedRecordsByKind() {
        open(config(dir).withSizes(1024, 4096));
        List<Long> predictions = new ArrayList<>();
        List<Long> models = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String kind = i % 3 == 0 ? "model" : "prediction";
            long id = outbox.append(kind, "L1", "t/" + kind, ("r" + i + PADDING).getBytes(), false);
            (kind.equals("model") ? models : predictions).add(id);
        }

        List<Long> kept = ids(drain(outbox));
        long keptModels = kept.stream().filter(models::contains).count();
        long keptPredictions = kept.stream().filter(predictions::contains).count();
        assertThat(dropped(registry, "full", "model")).isPositive().isEqualTo(models.size() - keptModels);
        assertThat(dropped(registry, "full", "prediction")).isPositive()
                .isEqualTo(predictions.size() - keptPredictions);
        assertThat(dropped(registry, "full", "unknown")).isZero();
    }

    @Test
    void dropOldestDoesNotCountAcknowledgedRecordsAsDropped() {
        open(config(dir).withSizes(1024, 4096));
        List<Long> first = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            first.add(append(outbox, "r" + i + PADDING));
        }
        outbox.peek(5).forEach(r -> outbox.ack(r.id()));
        outbox.ack(first.get(10));
        for (int i = 20; i < 100; i++) {
            append(outbox, "r" + i + PADDING);
        }

        long kept = drain(outbox).size();
        assertThat(dropped(registry, "full")).isEqualTo(100 - 6 - kept);
    }

    @Test
    void rejectNewRefusesAndCountsUntilAcknowledgedSegmentsFreeSpace() {
        open(config(dir).withSizes(1024, 4096).withPolicy(FullPolicy.REJECT_NEW));
        List<Long> accepted = new ArrayList<>();
        long id;
        while ((id = append(outbox, "r" + accepted.size() + PADDING)) != Outbox.REJECTED) {
            accepted.add(id);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(append(outbox, "refused" + PADDING)).isEqualTo(Outbox.REJECTED);
        }

        assertThat(dropped(registry, "rejected")).isEqualTo(5);
        assertThat(dropped(registry, "full")).isZero();
        assertThat(segmentBytesOnDisk(dir)).isLessThanOrEqualTo(4096);
        assertThat(ids(drain(outbox))).as("everything accepted is kept").containsExactlyElementsOf(accepted);

        accepted.forEach(outbox::ack);
        assertThat(append(outbox, "accepted again" + PADDING)).isEqualTo(accepted.get(accepted.size() - 1) + 1);
    }

    @Test
    void reportsItselfUnwritableWhileFullUnderRejectNewAndWritableOnceSpaceIsFreed() throws Exception {
        open(config(dir).withSizes(1024, 4096).withPolicy(FullPolicy.REJECT_NEW));
        assertThat(outbox.unwritable()).isEmpty();
        List<Long> accepted = new ArrayList<>();
        long id;
        while ((id = append(outbox, "r" + accepted.size() + PADDING)) != Outbox.REJECTED) {
            accepted.add(id);
        }

        assertThat(outbox.unwritable()).hasValue("full (4096 bytes, policy reject-new)");

        drain(outbox);
        accepted.forEach(outbox::ack);
        assertThat(outbox.unwritable()).as("acknowledged but not yet deleted: still full").isPresent();
        outbox.maintain();
        assertThat(outbox.unwritable()).as("maintenance deleted the acknowledged segments").isEmpty();

        outbox.close();
        assertThat(outbox.unwritable()).hasValue("closed");
    }

    @Test
    void dropOldestNeverReportsItselfFull() {
        open(config(dir).withSizes(1024, 4096));
        for (int i = 0; i < 200; i++) {
            append(outbox, "r" + i + PADDING);
        }

        assertThat(dropped(registry, "full")).isPositive();
        assertThat(outbox.unwritable()).isEmpty();
    }

    @Test
    void refusesARecordLargerThanASegmentAndCountsIt() {
        open(config(dir));

        assertThat(outbox.append("deadletter", "", "t", new byte[2000], false)).isEqualTo(Outbox.REJECTED);
        assertThat(dropped(registry, "rejected")).isEqualTo(1);
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void dropsRecordsOlderThanMaxAgeWhenPeekMeetsThem() {
        open(config(dir).withMaxAge(Duration.ofSeconds(60)));
        for (int i = 0; i < 3; i++) {
            append(outbox, "old" + i);
        }
        clock.advance(Duration.ofSeconds(50));
        append(outbox, "young");
        clock.advance(Duration.ofSeconds(10).plusMillis(1));

        assertThat(drain(outbox)).extracting(OutboxFixtures::text).containsExactly("young");
        assertThat(dropped(registry, "expired")).isEqualTo(3);
        assertThat(outbox.pending()).isEqualTo(1);
    }

    @Test
    void keepsARecordExactlyMaxAgeOld() {
        open(config(dir).withMaxAge(Duration.ofSeconds(60)));
        append(outbox, "just in time");
        clock.advance(Duration.ofSeconds(60));

        assertThat(drain(outbox)).hasSize(1);
    }

    @Test
    void expiresWholeSegmentsDuringMaintenanceAndDeletesThem() throws Exception {
        open(config(dir).withMaxAge(Duration.ofMinutes(1)));
        for (int i = 0; i < 30; i++) {
            append(outbox, "old" + i + PADDING);
        }
        clock.advance(Duration.ofMinutes(2));
        append(outbox, "young");

        outbox.maintain();

        assertThat(segmentFiles(dir)).as("only the active segment, which also holds the young record").hasSize(1);
        assertThat(dropped(registry, "expired")).as("whole segments").isGreaterThan(20);
        assertThat(dropped(registry, "expired") + outbox.pending()).isEqualTo(31);
        assertThat(drain(outbox)).extracting(OutboxFixtures::text).containsExactly("young");
        assertThat(dropped(registry, "expired")).isEqualTo(30);
    }

    @Test
    void warnsAboutDropsAtMostOnceInTenSecondsWithTheRunningTotal() {
        Logger logger = (Logger) LoggerFactory.getLogger(Outbox.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            open(config(dir).withSizes(1024, 2048).withPolicy(FullPolicy.REJECT_NEW));
            for (int i = 0; i < 100; i++) {
                append(outbox, "r" + i + PADDING);
            }
        } finally {
            logger.detachAppender(appender);
        }

        List<ILoggingEvent> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(dropped(registry, "rejected")).isGreaterThan(50);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains("reason=rejected", "rejected=1");
    }
}
