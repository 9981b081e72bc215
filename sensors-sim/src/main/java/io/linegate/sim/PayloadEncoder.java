package io.linegate.sim;

import io.linegate.proto.Reading;
import io.linegate.proto.ReadingBatch;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Encodes ticks as messages in one {@link PayloadFormat} (DESIGN §3.1, §3.2); the topics are
 * MQTT's, the line and sensor ids in each message give the CoAP path:
 * <ul>
 *   <li>{@code number}: {@code <prefix>/<line>/<sensor>} carrying {@code 97.12};</li>
 *   <li>{@code json}: {@code <prefix>/<line>/<sensor>} carrying
 *       {@code {"value":97.12,"ts":1764340000123,"seq":17}};</li>
 *   <li>{@code senml}: {@code <prefix>/<line>} carrying
 *       {@code [{"bn":"","bt":1764340000.123,"n":"feed","v":97.12},{"n":"state","v":1},...]};</li>
 *   <li>{@code senml-cbor}: {@code <prefix>/<line>} carrying the same pack as {@code senml} in
 *       CBOR with RFC 8428's integer labels (see {@link SenmlCbor}); CoAP only;</li>
 *   <li>{@code protobuf}: {@code <prefix>/<line>} carrying a {@code ReadingBatch} with the line
 *       id, and each reading's {@code ts_ms} and {@code seq}.</li>
 * </ul>
 * Numbers are written in the shortest form that parses back to the same double; integral
 * values without a fraction ({@code 1}, not {@code 1.0}).
 *
 * <p>Stateless and immutable; any thread.
 */
public final class PayloadEncoder {

    private final PayloadFormat format;
    private final String topicPrefix;

    public PayloadEncoder(PayloadFormat format, String topicPrefix) {
        this.format = Checks.requireNonNull("format", format);
        this.topicPrefix = Checks.requireTopicPrefix("topicPrefix", topicPrefix);
    }

    public PayloadFormat format() {
        return format;
    }

    /**
     * The messages of one tick: one per reading for per-sensor formats, else one; none for a
     * tick without readings (every sensor in a {@link Dropout}).
     */
    public List<SimMessage> encode(LineTick tick) {
        if (tick.readings().isEmpty()) {
            return List.of();
        }
        return switch (format) {
            case NUMBER, JSON -> perSensor(tick);
            case SENML, SENML_CBOR, PROTOBUF -> List.of(encodeBatch(List.of(tick)));
        };
    }

    /**
     * One message carrying every reading of several ticks of one line, for the per-line
     * formats: a SenML pack whose later ticks carry {@code t} relative to the first tick's
     * {@code bt}, or one {@code ReadingBatch}. With a single tick this is the message
     * {@link #encode(LineTick)} gives. Used by the benchmark for N readings per message.
     *
     * @throws IllegalArgumentException for a per-sensor format, no ticks, ticks of several
     *                                  lines, or ticks without readings
     */
    public SimMessage encodeBatch(List<LineTick> ticks) {
        if (!format.perLine()) {
            throw new IllegalArgumentException("format must be a per-line format (senml, senml-cbor, protobuf) to batch ticks."
                    + " Found: " + format.cliName());
        }
        if (ticks.isEmpty()) {
            throw new IllegalArgumentException("ticks must not be empty");
        }
        String lineId = ticks.get(0).lineId();
        int readings = 0;
        for (LineTick tick : ticks) {
            if (!tick.lineId().equals(lineId)) {
                throw new IllegalArgumentException("ticks must all belong to line " + lineId + ". Found: " + tick.lineId());
            }
            readings += tick.readings().size();
        }
        if (readings == 0) {
            throw new IllegalArgumentException("ticks must carry at least one reading");
        }
        byte[] payload = switch (format) {
            case SENML -> senml(ticks).getBytes(StandardCharsets.UTF_8);
            case SENML_CBOR -> SenmlCbor.encode(ticks);
            default -> protobuf(ticks);
        };
        return new SimMessage(lineTopic(lineId), lineId, null, payload, format.contentType(), readings);
    }

    /** {@code <prefix>/<line>/<sensor>}. */
    public String sensorTopic(String lineId, String sensorId) {
        return topicPrefix + '/' + lineId + '/' + sensorId;
    }

    /** {@code <prefix>/<line>}. */
    public String lineTopic(String lineId) {
        return topicPrefix + '/' + lineId;
    }

    private List<SimMessage> perSensor(LineTick tick) {
        List<SimMessage> messages = new ArrayList<>(tick.readings().size());
        for (SimReading reading : tick.readings()) {
            String text = format == PayloadFormat.NUMBER ? number(reading.value()) : json(reading);
            messages.add(new SimMessage(sensorTopic(reading.lineId(), reading.sensorId()), reading.lineId(),
                    reading.sensorId(), text.getBytes(StandardCharsets.UTF_8), format.contentType(), 1));
        }
        return messages;
    }

    static String json(SimReading reading) {
        return "{\"value\":" + number(reading.value()) + ",\"ts\":" + reading.tsMs() + ",\"seq\":" + reading.seq() + '}';
    }

    static String senml(LineTick tick) {
        return senml(List.of(tick));
    }

    /** The first reading carries {@code bn} and {@code bt}; readings of later ticks carry {@code t} from it. */
    static String senml(List<LineTick> ticks) {
        long baseMs = ticks.get(0).tsMs();
        StringBuilder pack = new StringBuilder(64 + 40 * ticks.size() * SensorIds.ALL.size()).append('[');
        boolean first = true;
        for (LineTick tick : ticks) {
            for (SimReading reading : tick.readings()) {
                pack.append(first ? "{\"bn\":\"\",\"bt\":" + seconds(baseMs) + ',' : ",{");
                if (!first && tick.tsMs() != baseMs) {
                    pack.append("\"t\":").append(offsetSeconds(tick.tsMs() - baseMs)).append(',');
                }
                pack.append("\"n\":\"").append(reading.sensorId()).append("\",\"v\":").append(number(reading.value())).append('}');
                first = false;
            }
        }
        return pack.append(']').toString();
    }

    static byte[] protobuf(LineTick tick) {
        return protobuf(List.of(tick));
    }

    static byte[] protobuf(List<LineTick> ticks) {
        ReadingBatch.Builder batch = ReadingBatch.newBuilder().setLineId(ticks.get(0).lineId());
        for (LineTick tick : ticks) {
            for (SimReading reading : tick.readings()) {
                batch.addReadings(Reading.newBuilder()
                        .setSensorId(reading.sensorId())
                        .setValue(reading.value())
                        .setTsMs(reading.tsMs())
                        .setSeq(reading.seq()));
            }
        }
        return batch.build().toByteArray();
    }

    /** Shortest text that parses back to {@code value}; integral values without ".0". */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** A non-negative offset in milliseconds as exact decimal seconds, e.g. {@code 0.25} or {@code 2}. */
    static String offsetSeconds(long offsetMs) {
        if (offsetMs % 1000 == 0) {
            return Long.toString(offsetMs / 1000);
        }
        return BigDecimal.valueOf(offsetMs, 3).stripTrailingZeros().toPlainString();
    }

    /** Epoch milliseconds as exact decimal seconds, e.g. {@code 1764340000.123}. */
    static String seconds(long epochMs) {
        return Math.floorDiv(epochMs, 1000) + "." + String.format(Locale.ROOT, "%03d", Math.floorMod(epochMs, 1000));
    }
}
