package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linegate.proto.ReadingBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies that every format decodes back to exactly the generated readings. */
class PayloadEncoderTest {

    private static final long TS_MS = 1_764_340_000_123L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LineTick tick = new FleetGenerator(1, "L", 42, 0.5).tick("L1", TS_MS);

    @Test
    void numberFormatPublishesBareNumbersPerSensor() {
        List<SimMessage> messages = new PayloadEncoder(PayloadFormat.NUMBER, "sensors").encode(tick);

        assertThat(messages).hasSize(4);
        for (int i = 0; i < 4; i++) {
            SimReading reading = tick.readings().get(i);
            SimMessage message = messages.get(i);
            assertThat(message.topic()).isEqualTo("sensors/L1/" + reading.sensorId());
            assertThat(Double.parseDouble(message.payloadText())).isEqualTo(reading.value());
            assertThat(message.payloadText()).matches("-?\\d+(\\.\\d+)?");
            assertThat(message.contentType()).isEqualTo("text/plain");
            assertThat(message.readings()).isEqualTo(1);
        }
    }

    @Test
    void jsonFormatCarriesValueTimestampAndSeqPerSensor() throws Exception {
        List<SimMessage> messages = new PayloadEncoder(PayloadFormat.JSON, "plant/a").encode(tick);

        assertThat(messages).hasSize(4);
        for (int i = 0; i < 4; i++) {
            SimReading reading = tick.readings().get(i);
            JsonNode json = JSON.readTree(messages.get(i).payload());
            assertThat(messages.get(i).topic()).isEqualTo("plant/a/L1/" + reading.sensorId());
            assertThat(json.size()).isEqualTo(3);
            assertThat(json.get("value").doubleValue()).isEqualTo(reading.value());
            assertThat(json.get("ts").longValue()).isEqualTo(TS_MS);
            assertThat(json.get("seq").longValue()).isEqualTo(1);
            assertThat(messages.get(i).contentType()).isEqualTo("application/json");
        }
    }

    @Test
    void jsonFormatLooksLikeTheDocumentedExample() {
        SimReading reading = new SimReading("L1", "feed", 42.5, 1_764_340_000_123L, 17);

        assertThat(PayloadEncoder.json(reading)).isEqualTo("{\"value\":42.5,\"ts\":1764340000123,\"seq\":17}");
    }

    @Test
    void senmlFormatPublishesOnePackPerLineWithBaseTimeInSeconds() throws Exception {
        List<SimMessage> messages = new PayloadEncoder(PayloadFormat.SENML, "sensors").encode(tick);

        assertThat(messages).singleElement().satisfies(message -> {
            assertThat(message.topic()).isEqualTo("sensors/L1");
            assertThat(message.contentType()).isEqualTo("application/senml+json");
            assertThat(message.readings()).isEqualTo(4);
            assertThat(message.payloadText()).startsWith("[{\"bn\":\"\",\"bt\":1764340000.123,\"n\":\"feed\",\"v\":");
        });
        JsonNode pack = JSON.readTree(messages.get(0).payload());
        assertThat(pack.isArray()).isTrue();
        assertThat(pack.size()).isEqualTo(4);
        // RFC 8428: name = bn + n, time = bt + t (seconds).
        String baseName = pack.get(0).get("bn").textValue();
        long baseTimeMs = Math.round(pack.get(0).get("bt").doubleValue() * 1000);
        for (int i = 0; i < 4; i++) {
            JsonNode record = pack.get(i);
            SimReading reading = tick.readings().get(i);
            assertThat(baseName + record.get("n").textValue()).isEqualTo(reading.sensorId());
            assertThat(record.get("v").doubleValue()).isEqualTo(reading.value());
            assertThat(baseTimeMs + (record.has("t") ? Math.round(record.get("t").doubleValue() * 1000) : 0))
                    .isEqualTo(TS_MS);
        }
    }

    @Test
    void protobufFormatRoundTripsThroughReadingBatch() throws Exception {
        List<SimMessage> messages = new PayloadEncoder(PayloadFormat.PROTOBUF, "sensors").encode(tick);

        assertThat(messages).singleElement().satisfies(message -> {
            assertThat(message.topic()).isEqualTo("sensors/L1");
            assertThat(message.contentType()).isEqualTo("application/x-protobuf");
            assertThat(message.readings()).isEqualTo(4);
        });
        ReadingBatch batch = ReadingBatch.parseFrom(messages.get(0).payload());
        assertThat(batch.getLineId()).isEqualTo("L1");
        assertThat(batch.getReadingsList()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            SimReading expected = tick.readings().get(i);
            io.linegate.proto.Reading actual = batch.getReadings(i);
            assertThat(actual.getSensorId()).isEqualTo(expected.sensorId());
            assertThat(actual.getValue()).isEqualTo(expected.value());
            assertThat(actual.getTsMs()).isEqualTo(TS_MS);
            assertThat(actual.getSeq()).isEqualTo(1);
        }
    }

    @Test
    void numbersAreWrittenInTheirShortestExactForm() {
        assertThat(PayloadEncoder.number(1.0)).isEqualTo("1");
        assertThat(PayloadEncoder.number(0.0)).isEqualTo("0");
        assertThat(PayloadEncoder.number(-0.0)).isEqualTo("0");
        assertThat(PayloadEncoder.number(97.12)).isEqualTo("97.12");
        assertThat(PayloadEncoder.number(-3.5)).isEqualTo("-3.5");
        assertThat(PayloadEncoder.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }

    @Test
    void secondsAreExactDecimalsOfMilliseconds() {
        assertThat(PayloadEncoder.seconds(1_764_340_000_123L)).isEqualTo("1764340000.123");
        assertThat(PayloadEncoder.seconds(1_764_340_000_005L)).isEqualTo("1764340000.005");
        assertThat(PayloadEncoder.seconds(1_000L)).isEqualTo("1.000");
    }

    @Test
    void rejectsTopicPrefixesThatAreNotPlainTopics() {
        for (String prefix : List.of("", "/sensors", "sensors/", "sensors/+", "a/#", "$SYS")) {
            assertThatIllegalArgumentException().isThrownBy(() -> new PayloadEncoder(PayloadFormat.JSON, prefix))
                    .withMessageStartingWith("topicPrefix must be a non-empty MQTT topic")
                    .withMessageEndingWith("Found: " + prefix);
        }
    }

    @Test
    void aTickWithoutReadingsGivesNoMessagesAndAPartialTickOnlyItsReadings() throws Exception {
        LineTick empty = new LineTick("L1", TS_MS, 1, List.of());
        LineTick partial = new LineTick("L1", TS_MS, 1, List.of(tick.readings().get(0), tick.readings().get(3)));

        for (PayloadFormat format : PayloadFormat.values()) {
            assertThat(new PayloadEncoder(format, "sensors").encode(empty)).as(format.cliName()).isEmpty();
        }
        assertThat(new PayloadEncoder(PayloadFormat.JSON, "sensors").encode(partial)).extracting(SimMessage::topic)
                .containsExactly("sensors/L1/feed", "sensors/L1/efficiency");
        SimMessage senml = new PayloadEncoder(PayloadFormat.SENML, "sensors").encode(partial).get(0);
        JsonNode pack = JSON.readTree(senml.payloadText());
        assertThat(pack).hasSize(2);
        assertThat(pack.get(0).get("n").asText()).isEqualTo("feed");
        assertThat(pack.get(0).get("bt").asText()).isEqualTo("1.764340000123E9");
        assertThat(senml.readings()).isEqualTo(2);
    }
}
