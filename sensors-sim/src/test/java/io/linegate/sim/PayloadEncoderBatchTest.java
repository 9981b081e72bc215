package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linegate.proto.ReadingBatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies that several ticks of a line batch into one message that decodes back to every reading. */
class PayloadEncoderBatchTest {

    private static final long TS_MS = 1_764_340_000_123L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<LineTick> ticks = ticks(TS_MS, TS_MS + 250, TS_MS + 1_000, TS_MS + 1_000);

    private static List<LineTick> ticks(long... times) {
        FleetGenerator generator = new FleetGenerator(2, "L", 42, 0.5);
        List<LineTick> ticks = new ArrayList<>();
        for (long time : times) {
            ticks.add(generator.tick("L2", time));
        }
        return ticks;
    }

    @Test
    void senmlBatchStampsLaterTicksRelativeToTheBaseTime() throws Exception {
        SimMessage message = new PayloadEncoder(PayloadFormat.SENML, "sensors").encodeBatch(ticks);

        assertThat(message.topic()).isEqualTo("sensors/L2");
        assertThat(message.readings()).isEqualTo(16);
        JsonNode pack = JSON.readTree(message.payload());
        assertThat(pack.size()).isEqualTo(16);
        BigDecimal bt = pack.get(0).get("bt").decimalValue();
        for (int i = 0; i < 16; i++) {
            LineTick tick = ticks.get(i / 4);
            SimReading reading = tick.readings().get(i % 4);
            JsonNode record = pack.get(i);
            BigDecimal t = record.has("t") ? record.get("t").decimalValue() : BigDecimal.ZERO;
            assertThat(bt.add(t).movePointRight(3).longValueExact()).isEqualTo(tick.tsMs());
            assertThat(record.get("n").asText()).isEqualTo(reading.sensorId());
            assertThat(record.get("v").doubleValue()).isEqualTo(reading.value());
        }
        assertThat(pack.get(4).get("t").asText()).isEqualTo("0.25");
        assertThat(pack.get(8).get("t").asText()).isEqualTo("1");
    }

    @Test
    void senmlBatchOfOneTickIsTheSingleTickPack() {
        PayloadEncoder encoder = new PayloadEncoder(PayloadFormat.SENML, "sensors");

        assertThat(encoder.encodeBatch(ticks.subList(0, 1))).isEqualTo(encoder.encode(ticks.get(0)).get(0));
    }

    @Test
    void protobufBatchCarriesEveryReadingWithItsTimeAndSeq() throws Exception {
        SimMessage message = new PayloadEncoder(PayloadFormat.PROTOBUF, "sensors").encodeBatch(ticks);

        ReadingBatch batch = ReadingBatch.parseFrom(message.payload());
        assertThat(batch.getLineId()).isEqualTo("L2");
        assertThat(batch.getReadingsCount()).isEqualTo(16);
        assertThat(message.readings()).isEqualTo(16);
        for (int i = 0; i < 16; i++) {
            SimReading reading = ticks.get(i / 4).readings().get(i % 4);
            assertThat(batch.getReadings(i).getTsMs()).isEqualTo(reading.tsMs());
            assertThat(batch.getReadings(i).getSeq()).isEqualTo(reading.seq());
            assertThat(batch.getReadings(i).getValue()).isEqualTo(reading.value());
        }
    }

    @Test
    void refusesPerSensorFormatsEmptyBatchesAndMixedLines() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PayloadEncoder(PayloadFormat.JSON, "sensors").encodeBatch(ticks))
                .withMessageContaining("per-line format");
        PayloadEncoder encoder = new PayloadEncoder(PayloadFormat.PROTOBUF, "sensors");
        assertThatIllegalArgumentException().isThrownBy(() -> encoder.encodeBatch(List.of()))
                .withMessage("ticks must not be empty");
        LineTick other = new FleetGenerator(1, "L", 42, 0.5).tick("L1", TS_MS);
        assertThatIllegalArgumentException().isThrownBy(() -> encoder.encodeBatch(List.of(ticks.get(0), other)))
                .withMessage("ticks must all belong to line L2. Found: L1");
    }
}
