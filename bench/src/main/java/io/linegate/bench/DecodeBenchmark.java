package io.linegate.bench;

import io.linegate.gateway.decode.DecodeLimits;
import io.linegate.gateway.decode.DecodeResult;
import io.linegate.gateway.decode.PayloadFormat;
import io.linegate.gateway.decode.ReadingDecoder;
import io.linegate.sim.LineTick;
import io.linegate.sim.PayloadEncoder;
import io.linegate.sim.SimMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * One payload through {@link ReadingDecoder}, called as {@code MqttIngest.onMessage} calls it:
 * per-sensor payloads through {@code decodeSensor} with the subscription format {@code AUTO}
 * (sniffed), per-line payloads through {@code decodeLine} with the MQTT 5 content type the
 * simulator sets. Topic matching, counters and the hand-off to a worker are not included.
 *
 * <p>Each benchmark cycles through {@value #PAYLOADS} distinct payloads of the simulated line, so
 * neither the JIT nor the branch predictor sees one constant input. Scores are per message for
 * the per-sensor formats and per reading for the batches ({@code PerReading}: one call is
 * counted as the readings its message carries, so a message costs that many times the score).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
public class DecodeBenchmark {

    /** Distinct payloads per format; a power of two, so the cursor wraps with a mask. */
    static final int PAYLOADS = 256;
    /** Readings in each protobuf batch: 25 ticks of the line's 4 sensors. */
    static final int BATCH_READINGS = 100;
    /** Readings in each SenML pack: one tick of the simulator, one per sensor. */
    static final int PACK_READINGS = 4;

    private static final String SENSOR = "feed";

    private ReadingDecoder decoder;
    private byte[][] numbers;
    private byte[][] jsons;
    private byte[][] senmlPacks;
    private byte[][] protobufBatches;
    private String senmlContentType;
    private String protobufContentType;
    /** Read from a field on every call, so that it is never a compile-time constant. */
    private String lineId;
    private String sensorId;
    private long arrivalMs;
    private int cursor;

    @Setup
    public void setUp() {
        decoder = new ReadingDecoder(DecodeLimits.defaults());
        lineId = SimData.LINE;
        sensorId = SENSOR;
        arrivalMs = SimData.START_MS;
        List<LineTick> ticks = SimData.ticks(PAYLOADS * BATCH_READINGS / PACK_READINGS, 100);
        numbers = perSensorPayloads(ticks, io.linegate.sim.PayloadFormat.NUMBER);
        jsons = perSensorPayloads(ticks, io.linegate.sim.PayloadFormat.JSON);
        senmlPacks = new byte[PAYLOADS][];
        PayloadEncoder senml = new PayloadEncoder(io.linegate.sim.PayloadFormat.SENML, "sensors");
        for (int i = 0; i < PAYLOADS; i++) {
            SimMessage pack = senml.encode(ticks.get(i)).get(0);
            senmlPacks[i] = pack.payload();
            senmlContentType = pack.contentType();
        }
        protobufBatches = new byte[PAYLOADS][];
        int ticksPerBatch = BATCH_READINGS / PACK_READINGS;
        PayloadEncoder protobuf = new PayloadEncoder(io.linegate.sim.PayloadFormat.PROTOBUF, "sensors");
        for (int i = 0; i < PAYLOADS; i++) {
            protobufBatches[i] = protobuf.encodeBatch(ticks.subList(i * ticksPerBatch, (i + 1) * ticksPerBatch))
                    .payload();
        }
        protobufContentType = io.linegate.sim.PayloadFormat.PROTOBUF.contentType();
        requireDecoded(PACK_READINGS, decoder.decodeLine(lineId, senmlPacks[0], PayloadFormat.AUTO,
                senmlContentType, arrivalMs));
        requireDecoded(BATCH_READINGS, decoder.decodeLine(lineId, protobufBatches[0], PayloadFormat.AUTO,
                protobufContentType, arrivalMs));
        requireDecoded(1, decoder.decodeSensor(lineId, sensorId, numbers[0], PayloadFormat.AUTO, arrivalMs));
        requireDecoded(1, decoder.decodeSensor(lineId, sensorId, jsons[0], PayloadFormat.AUTO, arrivalMs));
    }

    /** A bare number such as {@code 97.12}, as one sensor publishes it. */
    @Benchmark
    public DecodeResult number() {
        return decoder.decodeSensor(lineId, sensorId, numbers[next()], PayloadFormat.AUTO, arrivalMs);
    }

    /** {@code {"value":97.12,"ts":1764340000123,"seq":17}}. */
    @Benchmark
    public DecodeResult json() {
        return decoder.decodeSensor(lineId, sensorId, jsons[next()], PayloadFormat.AUTO, arrivalMs);
    }

    /**
     * A SenML pack of one tick: four records, base time in the first. Per reading; a message
     * costs {@value #PACK_READINGS} times the score.
     */
    @Benchmark
    @OperationsPerInvocation(PACK_READINGS)
    public DecodeResult senmlPackPerReading() {
        return decoder.decodeLine(lineId, senmlPacks[next()], PayloadFormat.AUTO, senmlContentType, arrivalMs);
    }

    /**
     * A protobuf {@code ReadingBatch} of 100 readings (25 ticks). Per reading; a message costs
     * {@value #BATCH_READINGS} times the score.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH_READINGS)
    public DecodeResult protobufBatchPerReading() {
        return decoder.decodeLine(lineId, protobufBatches[next()], PayloadFormat.AUTO, protobufContentType,
                arrivalMs);
    }

    private int next() {
        int i = cursor;
        cursor = (i + 1) & (PAYLOADS - 1);
        return i;
    }

    /** The first sensor's message of each of the first {@link #PAYLOADS} ticks. */
    private static byte[][] perSensorPayloads(List<LineTick> ticks, io.linegate.sim.PayloadFormat format) {
        PayloadEncoder encoder = new PayloadEncoder(format, "sensors");
        String topic = encoder.sensorTopic(SimData.LINE, SENSOR);
        byte[][] payloads = new byte[PAYLOADS][];
        for (int i = 0; i < PAYLOADS; i++) {
            payloads[i] = encoder.encode(ticks.get(i)).stream()
                    .filter(m -> m.topic().equals(topic))
                    .findFirst()
                    .orElseThrow()
                    .payload();
        }
        return payloads;
    }

    /** Fails the setup if a payload would measure the rejection path instead. */
    private static void requireDecoded(int readings, DecodeResult result) {
        if (!(result instanceof DecodeResult.Decoded decoded) || decoded.readings().size() != readings) {
            throw new IllegalStateException("expected " + readings + " decoded readings. Found: " + result);
        }
    }
}
