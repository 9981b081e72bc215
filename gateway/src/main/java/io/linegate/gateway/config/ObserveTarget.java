package io.linegate.gateway.config;

import io.linegate.gateway.decode.Ids;
import java.net.URI;
import java.util.Objects;

/**
 * One sensor resource the gateway observes (RFC 7641), {@code sensors.coap.observe[i]}: every
 * notification is decoded as a per-sensor payload of {@code (lineId, sensorId)}.
 *
 * @param uri      {@code coap://host[:port]/path} of the resource
 * @param lineId   line the readings belong to
 * @param sensorId sensor they are readings of
 */
public record ObserveTarget(URI uri, String lineId, String sensorId) {

    public ObserveTarget {
        Objects.requireNonNull(uri, "uri");
        if (!"coap".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("uri must be coap://host[:port]/path. Found: " + uri);
        }
        if (!Ids.isValid(lineId)) {
            throw new IllegalArgumentException("line must match " + Ids.PATTERN_TEXT + ". Found: " + lineId);
        }
        if (!Ids.isValid(sensorId)) {
            throw new IllegalArgumentException("sensor must match " + Ids.PATTERN_TEXT + ". Found: " + sensorId);
        }
    }
}
