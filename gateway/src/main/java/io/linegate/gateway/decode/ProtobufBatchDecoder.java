package io.linegate.gateway.decode;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.linegate.proto.ReadingBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a protobuf {@code linegate.v1.ReadingBatch} posted for one line.
 *
 * <ul>
 *   <li>{@code line_id}, when set, must equal the line the topic names ({@link RejectReason#BAD_ID});</li>
 *   <li>each reading needs a valid {@code sensor_id} and a finite {@code value};</li>
 *   <li>{@code ts_ms} 0 means unset (arrival time), negative is {@link RejectReason#MALFORMED};</li>
 *   <li>{@code seq} 0 means unset ({@link Reading#NO_SEQ}); values beyond 2^63-1 are malformed.</li>
 * </ul>
 *
 * <p>A batch is accepted or rejected as a whole; the first bad reading names the reason.
 *
 * <p>Stateless and thread-safe: called concurrently from transport callback threads via
 * {@link ReadingDecoder}. Never throws on any payload.
 */
final class ProtobufBatchDecoder {

    private final int maxReadings;

    ProtobufBatchDecoder(DecodeLimits limits) {
        this.maxReadings = limits.maxReadingsPerBatch();
    }

    /**
     * Decodes {@code payload}.
     *
     * @param lineId a line id already checked with {@link Ids#isValid}
     */
    DecodeResult decode(String lineId, byte[] payload, long arrivalMs) {
        ReadingBatch batch;
        try {
            CodedInputStream input = CodedInputStream.newInstance(payload);
            batch = ReadingBatch.parser().parseFrom(input);
            // An end-group tag stops parsing early without an error; insist on the whole payload.
            input.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            return DecodeResult.rejected(RejectReason.MALFORMED, "not a valid ReadingBatch protobuf");
        }
        String batchLine = batch.getLineId();
        if (!batchLine.isEmpty() && !batchLine.equals(lineId)) {
            return DecodeResult.rejected(RejectReason.BAD_ID,
                    "batch line_id '" + Samples.ofId(batchLine) + "' differs from the line of the topic");
        }
        int count = batch.getReadingsCount();
        if (count > maxReadings) {
            return DecodeResult.rejected(RejectReason.TOO_LARGE,
                    "batch has " + count + " readings, more than " + maxReadings);
        }
        if (count == 0) {
            return DecodeResult.rejected(RejectReason.MALFORMED, "batch has no readings");
        }
        List<Reading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            io.linegate.proto.Reading in = batch.getReadings(i);
            if (!Ids.isValid(in.getSensorId())) {
                return DecodeResult.rejected(RejectReason.BAD_ID,
                        "reading " + i + " sensor_id '" + Samples.ofId(in.getSensorId()) + "' is not a valid id");
            }
            if (!Double.isFinite(in.getValue())) {
                return DecodeResult.rejected(RejectReason.NOT_FINITE, "reading " + i + " value is NaN or infinite");
            }
            if (in.getTsMs() < 0) {
                return DecodeResult.rejected(RejectReason.MALFORMED, "reading " + i + " ts_ms is negative");
            }
            if (in.getSeq() < 0) {
                return DecodeResult.rejected(RejectReason.MALFORMED, "reading " + i + " seq is beyond 2^63-1");
            }
            long tsMs = in.getTsMs() == 0 ? arrivalMs : in.getTsMs();
            long seq = in.getSeq() == 0 ? Reading.NO_SEQ : in.getSeq();
            readings.add(new Reading(lineId, in.getSensorId(), in.getValue(), tsMs, seq));
        }
        return new DecodeResult.Decoded(readings);
    }
}
