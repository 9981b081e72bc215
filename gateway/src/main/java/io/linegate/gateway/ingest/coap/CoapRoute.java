package io.linegate.gateway.ingest.coap;

import java.util.List;

/**
 * Where a CoAP request path sends its readings: {@code /lines/{line}} (a batch for the line) or
 * {@code /lines/{line}/sensors/{sensor}} (readings of one sensor). Ids are checked later by the
 * decoder, so a bad id is a 4.00 {@code BAD_ID}, while a path of another shape is 4.04.
 *
 * @param lineId   the line segment as sent
 * @param sensorId the sensor segment as sent, or null on a per-line path
 */
record CoapRoute(String lineId, String sensorId) {

    static final String LINES = "lines";
    static final String SENSORS = "sensors";

    /** The route of a Uri-Path, or null when the path is not one of the two shapes. */
    static CoapRoute parse(List<String> path) {
        if (path.size() == 2 && path.get(0).equals(LINES)) {
            return new CoapRoute(path.get(1), null);
        }
        if (path.size() == 4 && path.get(0).equals(LINES) && path.get(2).equals(SENSORS)) {
            return new CoapRoute(path.get(1), path.get(3));
        }
        return null;
    }

    boolean perLine() {
        return sensorId == null;
    }
}
