package io.linegate.bench;

import io.linegate.gateway.aggregate.LineWindow;
import io.linegate.gateway.aggregate.LineWindows;
import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.config.ModelConfig;
import io.linegate.gateway.config.WindowStatistic;
import io.linegate.gateway.decode.Reading;
import io.linegate.sim.LineTick;
import io.linegate.sim.SensorIds;
import io.linegate.sim.SimReading;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Readings into one line's {@link LineWindows}, as its worker adds them: the configuration
 * defaults (features feed, state, speed; target efficiency; mean over 1 s windows) and the
 * simulator's 10 ticks/s of four readings each.
 *
 * <p>Event time must move forward, and a {@link Reading} is immutable, so each benchmark walks
 * a pre-built stream of {@value #TICKS} ticks and starts a fresh {@link LineWindows} when it
 * wraps; that costs one small constructor per {@value #TICKS} ticks. Closed windows go to a sink
 * that keeps the last one, so the work that builds them cannot be dropped.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
public class WindowBenchmark {

    /** Ticks in each pre-built stream: 1,000 windows of 10 ticks at the default settings. */
    static final int TICKS = 10_000;
    /** The simulator's tick interval at its default 10 ticks/s. */
    static final long TICK_MS = 100;

    private LineConfig perSecond;
    private LineConfig perTick;
    /** The readings of {@value #TICKS} ticks, in the order the simulator publishes them. */
    private Reading[] readings;
    private LineWindows streaming;
    private LineWindows closing;
    private int streamingCursor;
    private int closingCursor;
    private final LastWindow sink = new LastWindow();

    @Setup
    public void setUp() {
        perSecond = config(Duration.ofSeconds(1), Duration.ofSeconds(1));
        // One tick per window and no lateness: the first reading of each tick closes the last window.
        perTick = config(Duration.ofMillis(TICK_MS), Duration.ZERO);
        List<LineTick> ticks = SimData.ticks(TICKS, TICK_MS);
        readings = toReadings(ticks);
        streaming = new LineWindows(SimData.LINE, perSecond);
        closing = new LineWindows(SimData.LINE, perTick);
    }

    /**
     * One reading into the open windows at the defaults: 40 readings per 1 s window and 1 s
     * lateness, so two windows are open and one in 40 adds also closes the oldest. Per reading.
     */
    @Benchmark
    public LineWindows.AddResult addReading() {
        if (streamingCursor == readings.length) {
            streaming = new LineWindows(SimData.LINE, perSecond);
            streamingCursor = 0;
        }
        return streaming.add(readings[streamingCursor++], SimData.START_MS, sink);
    }

    /**
     * A whole window's life: the four readings of one tick open a window and fill it, and the
     * first of them closes the previous one into a {@link LineWindow}. Per window.
     */
    @Benchmark
    public LineWindow openFillAndCloseWindow() {
        if (closingCursor == readings.length) {
            closing = new LineWindows(SimData.LINE, perTick);
            closingCursor = 0;
        }
        for (int i = 0; i < SensorIds.ALL.size(); i++) {
            closing.add(readings[closingCursor++], SimData.START_MS, sink);
        }
        return sink.last;
    }

    private static LineConfig config(Duration window, Duration lateness) {
        return new LineConfig(SensorIds.FEATURES, SensorIds.TARGET, window, lateness, Duration.ofSeconds(3),
                WindowStatistic.MEAN, ModelConfig.defaults());
    }

    private static Reading[] toReadings(List<LineTick> ticks) {
        return ticks.stream()
                .flatMap(t -> t.readings().stream())
                .map(WindowBenchmark::toGateway)
                .toArray(Reading[]::new);
    }

    private static Reading toGateway(SimReading r) {
        return new Reading(r.lineId(), r.sensorId(), r.value(), r.tsMs(), r.seq());
    }

    /** Keeps the last closed window where the benchmark can return it. */
    private static final class LastWindow implements Consumer<LineWindow> {
        LineWindow last;

        @Override
        public void accept(LineWindow window) {
            last = window;
        }
    }
}
