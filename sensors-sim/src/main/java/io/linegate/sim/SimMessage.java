package io.linegate.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One MQTT message to publish.
 *
 * <p>The payload array is not copied (this is the publishing hot path): whoever creates a
 * message hands the array over and nobody modifies it afterwards.
 *
 * @param topic       MQTT topic name (no wildcards)
 * @param payload     payload bytes
 * @param contentType MQTT 5 content type
 * @param readings    how many readings the payload carries
 */
public record SimMessage(String topic, byte[] payload, String contentType, int readings) {

    public SimMessage {
        Checks.requireNonNull("topic", topic);
        Checks.requireNonNull("payload", payload);
        Checks.requireNonNull("contentType", contentType);
        Checks.requirePositive("readings", readings);
    }

    /** The payload decoded as UTF-8 (meaningful for the text formats). */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SimMessage that && topic.equals(that.topic) && Arrays.equals(payload, that.payload)
                && contentType.equals(that.contentType) && readings == that.readings;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), contentType, readings);
    }

    @Override
    public String toString() {
        return "SimMessage[topic=" + topic + ", payload=" + payload.length + " bytes, contentType=" + contentType
                + ", readings=" + readings + "]";
    }
}
