package io.linegate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.linegate.gateway.decode.PayloadFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "sensors/#,                  sensors/L1/feed,  true",
        "sensors/#,                  sensors,          true",
        "sensors/#,                  other/L1,         false",
        "sensors/+/feed,             sensors/L1/feed,  true",
        "sensors/+/feed,             sensors/L1/speed, false",
        "sensors/+,                  sensors/L1/feed,  false",
        "sensors/+,                  sensors/L1,       true",
        "sensors/+/+,                sensors/L1,       false",
        "#,                          sensors/L1/feed,  true",
        "#,                          $SYS/broker,      false",
        "+/L1,                       $SYS/L1,          false",
        "$share/g1/sensors/+/feed,   sensors/L1/feed,  true",
        "$share/g1/sensors/#,        other/L1,         false",
        "sensors/L1/feed,            sensors/L1/feed,  true",
        "sensors/L1/feed,            sensors/L1/feed/, false",
        "sensors//feed,              sensors//feed,    true",
        "sensors/+/feed,             sensors//feed,    true",
    })
    void matchesTopicsByMqttRules(String filter, String topic, boolean expected) {
        assertThat(new Subscription(filter, PayloadFormat.AUTO, 1).matches(topic)).isEqualTo(expected);
    }
}
