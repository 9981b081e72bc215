package io.linegate.gateway.ingest.coap;

import java.util.Objects;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/**
 * The answer to one CoAP request that reached a route.
 *
 * @param code        response code
 * @param text        short payload: "accepted 3", "duplicate", or "REASON: diagnostic"
 * @param maxAgeSeconds Max-Age option (seconds to wait before retrying a 5.03), or -1 for none
 * @param size1       Size1 option (largest acceptable body, with 4.13), or -1 for none
 */
record CoapOutcome(ResponseCode code, String text, int maxAgeSeconds, int size1) {

    CoapOutcome {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
    }

    static CoapOutcome of(ResponseCode code, String text) {
        return new CoapOutcome(code, text, -1, -1);
    }
}
