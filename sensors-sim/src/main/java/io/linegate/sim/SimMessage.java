package io.linegate.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message to send: an MQTT publish, or the body of a CoAP POST (whose path the transport
 * builds from {@code lineId} and {@code sensorId}).
 *
 * <p>The payload array is not copied (this is the publishing hot path): whoever creates a
 * message hands the array over and nobody modifies it afterwards.
 *
 * @param topic       MQTT topic name (no wildcards)
 * @param lineId      the line every reading of the payload belongs to
 * @param sensorId    the sensor of a per-sensor message; null for a per-line message
 * @param payload     payload bytes
 * @param contentType MQTT 5 content type
 * @param readings    how many readings the payload carries
 */
public record SimMessage(String topic, String lineId, String sensorId, byte[] payload, String contentType,
                         int readings) {

    public SimMessage {
        Checks.requireNonNull("topic", topic);
        Checks.requireId("lineId", lineId);
        if (sensorId != null) {
            Checks.requireId("sensorId", sensorId);
        }
        Checks.requireNonNull("payload", payload);
        Checks.requireNonNull("contentType", contentType);
        Checks.requirePositive("readings", readings);
    }

    /** True for a message carrying one sensor's reading, false for a per-line message. */
    public boolean perSensor() {
        return sensorId != null;
    }

    /** The payload decoded as UTF-8 (meaningful for the text formats). */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SimMessage that && topic.equals(that.topic) && lineId.equals(that.lineId)
                && Objects.equals(sensorId, that.sensorId) && Arrays.equals(payload, that.payload)
                && contentType.equals(that.contentType) && readings == that.readings;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, lineId, sensorId, Arrays.hashCode(payload), contentType, readings);
    }

    @Override
    public String toString() {
        return "SimMessage[topic=" + topic + ", payload=" + payload.length + " bytes, contentType=" + contentType
                + ", readings=" + readings + "]";
    }
}
