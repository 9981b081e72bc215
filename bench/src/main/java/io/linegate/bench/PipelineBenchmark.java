package io.linegate.bench;

import io.linegate.gateway.aggregate.LineWindow;
import io.linegate.gateway.aggregate.LineWindows;
import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.config.ModelConfig;
import io.linegate.gateway.config.WindowStatistic;
import io.linegate.gateway.decode.DecodeLimits;
import io.linegate.gateway.decode.DecodeResult;
import io.linegate.gateway.decode.PayloadFormat;
import io.linegate.gateway.decode.Reading;
import io.linegate.gateway.decode.ReadingDecoder;
import io.linegate.gateway.model.LineModel;
import io.linegate.gateway.model.ModelPrediction;
import io.linegate.gateway.model.OlsModel;
import io.linegate.sim.LineTick;
import io.linegate.sim.PayloadEncoder;
import io.linegate.sim.SensorIds;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One protobuf {@code ReadingBatch} of 100 readings (25 ticks of a line) through what a line
 * worker does with it after the transport: decode ({@link ReadingDecoder#decodeLine}), every
 * reading into the line's {@link LineWindows}, and for every window that closes the model step,
 * predict then learn ({@link LineModel}, {@code ols}). Single-threaded, so the score is the
 * per-core capacity of decode + aggregate + model; the MQTT transport, the hand-off to a worker,
 * scores, drift and the outbox are not included (the end-to-end benchmark has them).
 *
 * <p>The batches are {@value #BATCHES} consecutive stretches of the simulated line at its
 * 10 ticks/s, so 1 s windows close as they would live: one per 40 readings. Event time must
 * move forward, so the windows start afresh (with the same model) when the stream wraps. Score
 * per reading: a batch costs 100 times it, and 1 / score is readings per second per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
public class PipelineBenchmark {

    /** Readings per batch: 25 ticks of 4 sensors. */
    static final int BATCH_READINGS = 100;
    /** Consecutive batches in the stream: 10,240 s of the line. */
    static final int BATCHES = 4_096;
    private static final int TICKS_PER_BATCH = BATCH_READINGS / SensorIds.ALL.size();
    private static final long TICK_MS = 100;

    private ReadingDecoder decoder;
    private LineConfig config;
    private LineWindows windows;
    private LineModel model;
    private byte[][] batches;
    private String contentType;
    private String lineId;
    private int cursor;
    private final ModelStep step = new ModelStep();

    @Setup
    public void setUp() {
        decoder = new ReadingDecoder(DecodeLimits.defaults());
        config = new LineConfig(SensorIds.FEATURES, SensorIds.TARGET, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(3), WindowStatistic.MEAN, ModelConfig.defaults());
        lineId = SimData.LINE;
        List<LineTick> ticks = SimData.ticks(BATCHES * TICKS_PER_BATCH, TICK_MS);
        PayloadEncoder protobuf = new PayloadEncoder(io.linegate.sim.PayloadFormat.PROTOBUF, "sensors");
        batches = new byte[BATCHES][];
        for (int i = 0; i < BATCHES; i++) {
            batches[i] = protobuf.encodeBatch(ticks.subList(i * TICKS_PER_BATCH, (i + 1) * TICKS_PER_BATCH)).payload();
        }
        contentType = io.linegate.sim.PayloadFormat.PROTOBUF.contentType();
        windows = new LineWindows(lineId, config);
        model = new OlsModel(SensorIds.FEATURES);
        step.model = model;
        // One pass over the stream first, so that the model predicts from the start of measuring.
        for (int i = 0; i < BATCHES; i++) {
            decodeAggregateModel();
        }
        if (step.predictions == 0) {
            throw new IllegalStateException("the warm-up pass made no prediction");
        }
    }

    /** One batch: decode, 100 readings into the windows, and the model step for each window that closed. */
    @Benchmark
    @OperationsPerInvocation(BATCH_READINGS)
    public long decodeAggregateModel() {
        if (cursor == BATCHES) {
            windows = new LineWindows(lineId, config);
            cursor = 0;
        }
        DecodeResult result = decoder.decodeLine(lineId, batches[cursor++], PayloadFormat.AUTO, contentType,
                SimData.START_MS);
        if (!(result instanceof DecodeResult.Decoded decoded)) {
            throw new IllegalStateException("batch did not decode: " + result);
        }
        for (Reading reading : decoded.readings()) {
            windows.add(reading, SimData.START_MS, step);
        }
        return step.predictions;
    }

    /** What a line worker does with a closed window, minus scores, drift and the outbox. */
    private static final class ModelStep implements Consumer<LineWindow> {
        LineModel model;
        long predictions;

        @Override
        public void accept(LineWindow window) {
            if (!window.allFeaturesPresent()) {
                return;
            }
            double[] x = window.features();
            Optional<ModelPrediction> prediction = model.predict(x);
            if (prediction.isPresent()) {
                predictions++;
            }
            if (window.targetPresent()) {
                model.learn(x, window.target());
            }
        }
    }
}
