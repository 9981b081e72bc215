package io.linegate.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Assertions and payload builders shared by the decode tests. */
final class DecodeResults {

    /** A fixed arrival time: 2025-11-28T14:26:40Z. */
    static final long ARRIVAL_MS = 1_764_340_000_000L;

    private DecodeResults() {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The readings of a result that must be {@link DecodeResult.Decoded}. */
    static List<Reading> readingsOf(DecodeResult result) {
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).readings();
    }

    /** The single reading of a result that must be {@link DecodeResult.Decoded} with one reading. */
    static Reading onlyReadingOf(DecodeResult result) {
        List<Reading> readings = readingsOf(result);
        assertThat(readings).hasSize(1);
        return readings.get(0);
    }

    /** Asserts {@code result} is a rejection for {@code reason} and returns it. */
    static DecodeResult.Rejected assertRejected(DecodeResult result, RejectReason reason) {
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        DecodeResult.Rejected rejected = (DecodeResult.Rejected) result;
        assertThat(rejected.reason()).as("reason (detail: %s)", rejected.detail()).isEqualTo(reason);
        return rejected;
    }

    /** A string of {@code length} copies of {@code c}. */
    static String repeat(char c, int length) {
        return String.valueOf(c).repeat(length);
    }
}
