package io.linegate.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxConfigTest {

    private static final Path DIR = Path.of("outbox");
    private final OutboxConfig defaults = OutboxConfig.defaults(DIR);

    @Test
    void defaultsToDropOldestAndSyncingEveryAppend() {
        assertThat(defaults.maxBytes()).isEqualTo(256L << 20);
        assertThat(defaults.segmentBytes()).isEqualTo(8L << 20);
        assertThat(defaults.maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.policy()).isEqualTo(FullPolicy.DROP_OLDEST);
        assertThat(defaults.sync()).isEqualTo(SyncPolicy.EVERY_APPEND);
        assertThat(defaults.maxRecordBytes()).isEqualTo((8 << 20) - Segment.HEADER_BYTES);
    }

    @Test
    void limitsRecordsToASegmentWhenSegmentsAreSmall() {
        assertThat(defaults.withSizes(4096, 8192).maxRecordBytes()).isEqualTo(4096 - Segment.HEADER_BYTES);
    }

    @Test
    void limitsRecordsToSixteenMebibytesWhenSegmentsAreLarger() {
        assertThat(defaults.withSizes(64L << 20, 1L << 30).maxRecordBytes()).isEqualTo(RecordCodec.MAX_FRAME_BYTES);
    }

    @Test
    void rejectsNonPositiveMaxBytes() {
        assertThatThrownBy(() -> defaults.withMaxBytes(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must be greater than 0. Found: -3");
    }

    @Test
    void rejectsAQuotaSmallerThanTwoSegments() {
        assertThatThrownBy(() -> defaults.withSizes(4096, 8191))
                .hasMessage("maxBytes must be at least 2 * segmentBytes (8192). Found: 8191");
    }

    @Test
    void rejectsSegmentSizesOutsideTheirRange() {
        assertThatThrownBy(() -> defaults.withSizes(1023, 1 << 20))
                .hasMessage("segmentBytes must be between 1024 and 1073741824. Found: 1023");
        assertThatThrownBy(() -> defaults.withSizes((1L << 30) + 1, 1L << 40))
                .hasMessage("segmentBytes must be between 1024 and 1073741824. Found: 1073741825");
    }

    @Test
    void rejectsNonPositiveDurations() {
        assertThatThrownBy(() -> defaults.withMaxAge(Duration.ZERO))
                .hasMessage("maxAge must be greater than 0. Found: PT0S");
        assertThatThrownBy(() -> defaults.withSync(SyncPolicy.INTERVAL, Duration.ofNanos(10)))
                .hasMessage("syncInterval must be at least 1 ms. Found: PT0.00000001S");
    }

    @Test
    void rejectsMissingValuesByName() {
        assertThatThrownBy(() -> defaults.withPolicy(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("policy");
        assertThatThrownBy(() -> OutboxConfig.defaults(null)).hasMessage("dir");
    }
}
