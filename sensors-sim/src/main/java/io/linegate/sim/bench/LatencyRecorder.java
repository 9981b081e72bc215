package io.linegate.sim.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.linegate.proto.Prediction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency from window close to prediction arrival upstream: for each protobuf {@code Prediction}
 * (the gateway's default upstream format; {@code producedAtMs} = epoch ms when the window closed
 * and the prediction was made), {@code arrival - producedAtMs} on the
 * same host clock goes into an HdrHistogram in microseconds (millisecond resolution, as the
 * timestamp is). {@link #record} runs on Paho's callback thread; {@link #summary} on any.
 */
final class LatencyRecorder {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_MICROS, 3);
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong warmup = new AtomicLong();
    private volatile long fromMs = Long.MIN_VALUE;
    private final LongSupplier clockMs;

    LatencyRecorder(LongSupplier clockMs) {
        this.clockMs = clockMs;
    }

    /** From now on, predictions made before {@code epochMs} are counted as warm-up and left out. */
    void ignoreBefore(long epochMs) {
        fromMs = epochMs;
    }

    /** Records one protobuf {@code Prediction}; a payload that does not parse is counted, not thrown. */
    void record(byte[] payload) {
        long arrivalMs = clockMs.getAsLong();
        Prediction prediction;
        try {
            prediction = Prediction.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            unreadable.incrementAndGet();
            return;
        }
        long producedAtMs = prediction.getProducedAtMs();
        if (producedAtMs <= 0) {
            unreadable.incrementAndGet();
            return;
        }
        if (producedAtMs < fromMs) {
            warmup.incrementAndGet();
            return;
        }
        if (prediction.getReplayed()) {
            replayed.incrementAndGet();
        }
        long micros = Math.max(0, arrivalMs - producedAtMs) * 1000;
        recorder.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    /** Everything recorded so far. */
    synchronized Summary summary() {
        total.add(recorder.getIntervalHistogram());
        return new Summary(total.getTotalCount(), total.getValueAtPercentile(50), total.getValueAtPercentile(99),
                total.getValueAtPercentile(99.9), total.getMaxValue(), unreadable.get(), replayed.get(), warmup.get());
    }

    /**
     * Latency percentiles in microseconds.
     *
     * @param count      predictions recorded
     * @param p50Micros  median
     * @param p99Micros  99th percentile
     * @param p999Micros 99.9th percentile
     * @param maxMicros  largest
     * @param unreadable payloads without a readable {@code producedAtMs}
     * @param replayed   predictions marked replayed (sent again from the outbox)
     * @param warmup     predictions left out because they were made during the warm-up
     */
    record Summary(long count, long p50Micros, long p99Micros, long p999Micros, long maxMicros, long unreadable,
                   long replayed, long warmup) {
    }
}
