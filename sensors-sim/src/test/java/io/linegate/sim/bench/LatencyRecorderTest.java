package io.linegate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.linegate.proto.Prediction;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    private final AtomicLong now = new AtomicLong(10_000);
    private final LatencyRecorder recorder = new LatencyRecorder(now::get);

    @Test
    void recordsArrivalMinusProducedAtInMicrosecondsAndCountsReplays() {
        now.set(10_007);
        recorder.record(prediction(10_005, false));
        now.set(10_020);
        recorder.record(prediction(10_010, true));

        LatencyRecorder.Summary summary = recorder.summary();
        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.p50Micros()).isBetween(1_999L, 2_001L);
        assertThat(summary.maxMicros()).as("3 significant digits").isBetween(9_990L, 10_010L);
        assertThat(summary.replayed()).isEqualTo(1);
    }

    @Test
    void leavesOutPredictionsMadeDuringTheWarmupAndCountsUnreadablePayloads() {
        recorder.ignoreBefore(10_000);
        recorder.record(prediction(9_999, false));
        recorder.record(new byte[] {(byte) 0xFF, 0x01});
        recorder.record(Prediction.newBuilder().setLineId("L1").build().toByteArray());
        recorder.record(prediction(10_000, false));

        LatencyRecorder.Summary summary = recorder.summary();
        assertThat(summary.warmup()).isEqualTo(1);
        assertThat(summary.unreadable()).as("garbage, and a prediction without producedAtMs").isEqualTo(2);
        assertThat(summary.count()).isEqualTo(1);
    }

    private static byte[] prediction(long producedAtMs, boolean replayed) {
        return Prediction.newBuilder().setLineId("L1").setSeq(1).setProducedAtMs(producedAtMs).setReplayed(replayed)
                .build().toByteArray();
    }
}
