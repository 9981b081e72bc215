package io.linegate.bench;

import io.linegate.gateway.config.ModelConfig;
import io.linegate.gateway.model.LineModel;
import io.linegate.gateway.model.ModelPrediction;
import io.linegate.gateway.model.OlsModel;
import io.linegate.gateway.model.RlsModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One closed window through a line's model, for {@code ols} and {@code rls} (λ = 0.98, the
 * default) at p features plus an intercept. The windows are synthetic, y = 10 + Σ βⱼxⱼ + noise
 * with features on different scales, because the simulator's lines have three features only.
 *
 * <p>What the three benchmarks measure, all per window:
 * <ul>
 *   <li>{@code learn}: the update alone, O(p²): one Givens row into the QR factor and the running
 *       moments. The target is ≤ 1 µs at p = 8.
 *   <li>{@code predictCachedFit}: a prediction from a fit already solved, O(p²): what a second
 *       prediction between two learns costs.
 *   <li>{@code predictThenLearn}: what the line worker does per window (DESIGN §3.3) without
 *       scores and drift: predict, which must first solve the factor the last learn made stale
 *       (O(p³), plus the Student-t quantile of the interval), then learn.
 * </ul>
 * The model has learned {@value #PRIMING_WINDOWS} windows before measuring, so it predicts;
 * then it keeps learning the same {@value #ROWS} pre-generated windows in a cycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
public class ModelBenchmark {

    /** Pre-generated windows; a power of two, so the cursor wraps with a mask. */
    static final int ROWS = 1024;
    static final int PRIMING_WINDOWS = 2 * ROWS;

    @Param({"ols", "rls"})
    public String kind;

    @Param({"3", "8", "32"})
    public int features;

    private LineModel model;
    private double[][] x;
    private double[] y;
    private int cursor;

    @Setup
    public void setUp() {
        List<String> names = new ArrayList<>(features);
        for (int j = 0; j < features; j++) {
            names.add("x" + j);
        }
        model = switch (kind) {
            case OlsModel.KIND -> new OlsModel(names);
            case RlsModel.KIND -> new RlsModel(names, ModelConfig.DEFAULT_FORGETTING);
            default -> throw new IllegalArgumentException("kind must be ols or rls. Found: " + kind);
        };
        SplittableRandom random = new SplittableRandom(42);
        double[] beta = new double[features];
        double[] scale = new double[features];
        for (int j = 0; j < features; j++) {
            beta[j] = random.nextDouble(-2, 2);
            scale[j] = Math.pow(10, random.nextDouble(-1, 2));
        }
        x = new double[ROWS][features];
        y = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double target = 10 + random.nextGaussian();
            for (int j = 0; j < features; j++) {
                x[i][j] = scale[j] * (1 + random.nextDouble());
                target += beta[j] * x[i][j];
            }
            y[i] = target;
        }
        for (int i = 0; i < PRIMING_WINDOWS; i++) {
            model.learn(x[i & (ROWS - 1)], y[i & (ROWS - 1)]);
        }
        if (model.predict(x[0]).isEmpty()) {
            throw new IllegalStateException(kind + " at p = " + features + " does not predict after priming");
        }
    }

    @Benchmark
    public void learn() {
        int i = next();
        model.learn(x[i], y[i]);
    }

    @Benchmark
    public Optional<ModelPrediction> predictCachedFit() {
        return model.predict(x[next()]);
    }

    @Benchmark
    public Optional<ModelPrediction> predictThenLearn() {
        int i = next();
        Optional<ModelPrediction> prediction = model.predict(x[i]);
        model.learn(x[i], y[i]);
        return prediction;
    }

    private int next() {
        int i = cursor;
        cursor = (i + 1) & (ROWS - 1);
        return i;
    }
}
