package io.linegate.gateway.decode;

import static io.linegate.gateway.decode.DecodeResults.ARRIVAL_MS;
import static io.linegate.gateway.decode.DecodeResults.assertRejected;
import static io.linegate.gateway.decode.DecodeResults.readingsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.linegate.proto.ReadingBatch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtobufBatchDecoderTest {

    private static final String LINE = "press-3";

    private final ProtobufBatchDecoder decoder = new ProtobufBatchDecoder(DecodeLimits.defaults());

    private DecodeResult decode(ReadingBatch batch) {
        return decoder.decode(LINE, batch.toByteArray(), ARRIVAL_MS);
    }

    private static io.linegate.proto.Reading.Builder proto(String sensorId, double value) {
        return io.linegate.proto.Reading.newBuilder().setSensorId(sensorId).setValue(value);
    }

    private static ReadingBatch batchOf(io.linegate.proto.Reading.Builder... readings) {
        ReadingBatch.Builder batch = ReadingBatch.newBuilder();
        Arrays.stream(readings).forEach(batch::addReadings);
        return batch.build();
    }

    @Test
    void decodesEveryReadingOfTheBatchWithItsTimeAndSequence() {
        ReadingBatch batch = batchOf(proto("speed", 1.5).setTsMs(1_764_340_000_123L).setSeq(9),
                proto("feed", -2).setTsMs(1_764_340_000_456L).setSeq(10));

        assertThat(readingsOf(decode(batch))).containsExactly(
                new Reading(LINE, "speed", 1.5, 1_764_340_000_123L, 9),
                new Reading(LINE, "feed", -2, 1_764_340_000_456L, 10));
    }

    @Test
    void stampsArrivalTimeForUnsetTimeAndNoSeqForUnsetSequence() {
        assertThat(readingsOf(decode(batchOf(proto("speed", 3)))))
                .containsExactly(new Reading(LINE, "speed", 3, ARRIVAL_MS, Reading.NO_SEQ));
    }

    @Test
    void acceptsLineIdEqualToTheTopicsLine() {
        ReadingBatch batch = batchOf(proto("speed", 3)).toBuilder().setLineId(LINE).build();

        assertThat(readingsOf(decode(batch))).hasSize(1);
    }

    @Test
    void rejectsLineIdThatDiffersFromTheTopicsLineAsBadId() {
        ReadingBatch batch = batchOf(proto("speed", 3)).toBuilder().setLineId("press-4").build();

        assertThat(assertRejected(decode(batch), RejectReason.BAD_ID).detail()).contains("press-4");
    }

    @Test
    void rejectsOverlongLineIdWithoutEchoingItWhole() {
        String lineId = "x".repeat(500);
        ReadingBatch batch = batchOf(proto("speed", 3)).toBuilder().setLineId(lineId).build();

        assertThat(assertRejected(decode(batch), RejectReason.BAD_ID).detail()).hasSizeLessThan(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "sensors/+/#", "ünits"})
    void rejectsReadingWithInvalidSensorIdAsBadId(String sensorId) {
        assertRejected(decode(batchOf(proto("ok", 1), proto(sensorId, 1))), RejectReason.BAD_ID);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void rejectsNonFiniteValueAsNotFinite(double value) {
        assertRejected(decode(batchOf(proto("speed", value))), RejectReason.NOT_FINITE);
    }

    @Test
    void rejectsNegativeTimeAsMalformed() {
        assertRejected(decode(batchOf(proto("speed", 1).setTsMs(-1))), RejectReason.MALFORMED);
    }

    @Test
    void rejectsSequenceBeyondTheLongRangeAsMalformed() {
        assertRejected(decode(batchOf(proto("speed", 1).setSeq(-1L))), RejectReason.MALFORMED);
    }

    @Test
    void rejectsBatchWithoutReadingsAsMalformed() {
        assertRejected(decode(ReadingBatch.newBuilder().setLineId(LINE).build()), RejectReason.MALFORMED);
    }

    @Test
    void acceptsBatchesUpToTheReadingLimitAndRejectsLargerAsTooLarge() {
        ProtobufBatchDecoder small = new ProtobufBatchDecoder(new DecodeLimits(1024, 16, 1024, 2));

        assertThat(readingsOf(small.decode(LINE, batchOf(proto("a", 1), proto("b", 2)).toByteArray(), ARRIVAL_MS)))
                .hasSize(2);
        assertRejected(small.decode(LINE, batchOf(proto("a", 1), proto("b", 2), proto("c", 3)).toByteArray(),
                ARRIVAL_MS), RejectReason.TOO_LARGE);
    }

    @Test
    void rejectsTruncatedProtobuf() {
        byte[] whole = batchOf(proto("speed", 1.5).setTsMs(1_764_340_000_123L)).toByteArray();

        for (int length = 1; length < whole.length; length++) {
            assertRejected(decoder.decode(LINE, Arrays.copyOf(whole, length), ARRIVAL_MS), RejectReason.MALFORMED);
        }
    }

    @Test
    void rejectsPayloadThatStopsAtAnEndGroupTagAsMalformed() {
        byte[] whole = batchOf(proto("speed", 1.5)).toByteArray();
        byte[] withEndGroup = Arrays.copyOf(whole, whole.length + 3);
        withEndGroup[whole.length] = 0x0C; // field 1, wire type 4 (end group)
        withEndGroup[whole.length + 1] = 'x';
        withEndGroup[whole.length + 2] = 'y';

        assertRejected(decoder.decode(LINE, withEndGroup, ARRIVAL_MS), RejectReason.MALFORMED);
    }

    @Test
    void rejectsInvalidUtf8InAStringFieldAsMalformed() {
        io.linegate.proto.Reading valid = proto("ab", 1).build();
        byte[] bytes = ReadingBatch.newBuilder().addReadings(valid).build().toByteArray();
        // Patch the sensor id bytes "ab" to an invalid UTF-8 sequence.
        int at = indexOf(bytes, (byte) 'a');
        bytes[at] = (byte) 0xC3;
        bytes[at + 1] = (byte) 0x28;

        assertRejected(decoder.decode(LINE, bytes, ARRIVAL_MS), RejectReason.MALFORMED);
    }

    @Test
    void ignoresUnknownFieldsFromNewerSchemas() {
        byte[] known = batchOf(proto("speed", 2)).toByteArray();
        ByteString unknown = ByteString.copyFrom(new byte[] {(byte) 0xF8, 0x01, 0x05}); // field 31, varint 5

        assertThat(readingsOf(decoder.decode(LINE, ByteString.copyFrom(known).concat(unknown).toByteArray(), ARRIVAL_MS)))
                .hasSize(1);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }
}
