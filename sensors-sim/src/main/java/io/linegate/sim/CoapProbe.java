package io.linegate.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.EndpointContext;

/**
 * Checks at start that a CoAP server answers every simulated device: an empty CON (a CoAP ping)
 * per device, which a server answers with a reset (RFC 7252 §4.3); over DTLS it also runs the
 * handshake, so a wrong key is reported before the first reading. Blocks the calling thread
 * (never one of Californium's) up to the timeout.
 */
final class CoapProbe {

    private CoapProbe() {
    }

    /**
     * Pings {@code destination} from every endpoint.
     *
     * @throws FleetException naming {@code target}'s URI and why (handshake, no answer, send error)
     */
    static void ping(CoapTarget target, List<Endpoint> endpoints, EndpointContext destination, Duration timeout) {
        List<Request> pings = new ArrayList<>(endpoints.size());
        for (Endpoint endpoint : endpoints) {
            Request ping = new Request(null, CoAP.Type.CON);
            ping.setToken(Token.EMPTY);
            ping.setDestinationContext(destination);
            endpoint.sendRequest(ping);
            pings.add(ping);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Request ping : pings) {
            try {
                ping.waitForResponse(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FleetException("interrupted while waiting for " + target.uri());
            }
            check(target, ping, timeout);
        }
    }

    private static void check(CoapTarget target, Request ping, Duration timeout) {
        Throwable error = ping.getSendError();
        if (error != null && CoapFailure.isHandshakeFailure(error)) {
            throw new FleetException("cannot reach " + target.uri() + ": the DTLS handshake failed (wrong PSK"
                    + " identity or key?): " + PahoSink.describe(error), error);
        }
        if (error != null) {
            throw new FleetException("cannot reach " + target.uri() + ": " + PahoSink.describe(error), error);
        }
        if (!ping.isRejected() && ping.getResponse() == null) {
            ping.cancel();
            if (target.secure() && !ping.isSent()) {
                // A DTLS server silently drops a handshake whose Finished it cannot verify.
                throw new FleetException("cannot reach " + target.uri() + ": the DTLS handshake did not complete"
                        + " within " + DurationText.format(timeout) + " (wrong PSK identity or key? a server"
                        + " drops a handshake it cannot verify)");
            }
            throw new FleetException("cannot reach " + target.uri() + ": no answer to a CoAP ping within "
                    + DurationText.format(timeout));
        }
    }
}
