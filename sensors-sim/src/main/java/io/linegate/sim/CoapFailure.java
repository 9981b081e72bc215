package io.linegate.sim;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.scandium.dtls.DtlsException;
import org.eclipse.californium.scandium.dtls.HandshakeException;

/**
 * Why a message sent over CoAP was not accepted, fit for an operator (e.g.
 * {@code "4.00 BAD_REQUEST from coap://gw:5683/lines/L1: value: not a number"}), and how
 * {@link CoapSink} tells Californium's failures apart.
 */
final class CoapFailure extends FleetException {

    private static final long serialVersionUID = 1L;
    private static final int DIAGNOSTIC_MAX_CHARS = 200;

    CoapFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** An answer other than success, with the server's diagnostic payload (shortened). */
    static CoapFailure answered(CoAP.ResponseCode code, String target, byte[] diagnostic) {
        return new CoapFailure(code(code) + " " + code.name() + " from " + target + diagnostic(diagnostic), null);
    }

    /** "4.00", "5.03". */
    static String code(CoAP.ResponseCode code) {
        return code.codeClass + "." + String.format(Locale.ROOT, "%02d", code.codeDetail);
    }

    /**
     * Californium's only signal that a device used every message ID of the last EXCHANGE_LIFETIME
     * is this exception text (UdpMatcher, 3.x).
     */
    static boolean isMessageIdsExhausted(Throwable error) {
        return error instanceof IllegalStateException && String.valueOf(error.getMessage()).contains("message IDs exhausted");
    }

    /** Scandium reports handshake failures (alerts, timeouts) as these exceptions. */
    static boolean isHandshakeFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HandshakeException || cause instanceof DtlsException) {
                return true;
            }
        }
        return false;
    }

    private static String diagnostic(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return "";
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        return ": " + (text.length() > DIAGNOSTIC_MAX_CHARS ? text.substring(0, DIAGNOSTIC_MAX_CHARS) + "..." : text);
    }
}
