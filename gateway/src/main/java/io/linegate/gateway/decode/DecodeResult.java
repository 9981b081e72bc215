package io.linegate.gateway.decode;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of decoding one payload: either the readings it carried or why it was rejected.
 * Decoders return this instead of throwing: bad input is a value, not an exception.
 */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Rejected {

    /** The payload decoded to at least one reading, all of one line. */
    record Decoded(List<Reading> readings) implements DecodeResult {
        public Decoded {
            readings = List.copyOf(readings);
            if (readings.isEmpty()) {
                throw new IllegalArgumentException("readings must not be empty");
            }
        }
    }

    /**
     * The payload was rejected.
     *
     * @param reason the counted reason
     * @param detail short diagnostic for logs and dead letters; never contains unchecked ids verbatim
     *               beyond a bounded, escaped sample
     */
    record Rejected(RejectReason reason, String detail) implements DecodeResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    static DecodeResult rejected(RejectReason reason, String detail) {
        return new Rejected(reason, detail);
    }
}
