package io.linegate.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class RecordCodecTest {

    @Property
    void decodesWhatItEncoded(@ForAll @NotEmpty @StringLength(max = 40) String kind,
            @ForAll @StringLength(max = 40) String key, @ForAll @NotEmpty @StringLength(max = 200) String topic,
            @ForAll @Size(max = 500) byte[] payload, @ForAll boolean retained,
            @ForAll @LongRange(min = 1) long id, @ForAll long createdAtMs) {
        byte[] frame = RecordCodec.encode(kind, key, topic, payload, retained);
        RecordCodec.stamp(frame, id, createdAtMs);

        assertThat(RecordCodec.decodeFrame(frame))
                .isEqualTo(new OutboxRecord(id, kind, key, topic, payload, retained, createdAtMs));
    }

    @Property
    void rejectsAFrameWithAnyBitFlipped(@ForAll @Size(max = 100) byte[] payload,
            @ForAll @IntRange(min = 0) int anyBit) {
        byte[] frame = RecordCodec.encode("prediction", "L1", "a/b", payload, false);
        RecordCodec.stamp(frame, 42, 1);
        int bit = anyBit % (frame.length * 8);
        frame[bit / 8] ^= (byte) (1 << (bit % 8));

        assertThat(RecordCodec.decodeFrame(frame)).isNull();
    }

    @Property
    void rejectsAnyTruncatedFrame(@ForAll @Size(max = 100) byte[] payload, @ForAll @IntRange(min = 0) int anyLength) {
        byte[] frame = RecordCodec.encode("prediction", "L1", "a/b", payload, true);
        RecordCodec.stamp(frame, 42, 1);
        byte[] truncated = Arrays.copyOf(frame, anyLength % frame.length);

        assertThat(RecordCodec.decodeFrame(truncated)).isNull();
    }

    @Property
    void neverThrowsOnArbitraryBytes(@ForAll @Size(max = 300) byte[] bytes) {
        assertThat(RecordCodec.decodeFrame(bytes)).isNull();
    }

    @Property(tries = 5)
    void refusesABodyLargerThanSixteenMebibytes(@ForAll @IntRange(min = 1, max = 100) int over) {
        byte[] payload = new byte[RecordCodec.MAX_BODY_BYTES - RecordCodec.MIN_BODY_BYTES - 2 + over];

        assertThat(RecordCodec.encode("k", "", "t", payload, false)).isNull();
    }
}
