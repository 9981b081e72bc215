package io.linegate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetConfigTest {

    @Test
    void builderHasWorkableDefaults() {
        FleetConfig config = FleetConfig.builder().build();

        assertThat(config.brokerUri()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(config.lines()).isEqualTo(3);
        assertThat(config.linePrefix()).isEqualTo("L");
        assertThat(config.topicPrefix()).isEqualTo("sensors");
        assertThat(config.ratePerSecond()).isEqualTo(10);
        assertThat(config.format()).isEqualTo(PayloadFormat.JSON);
        assertThat(config.qos()).isEqualTo(1);
        assertThat(config.duration()).isZero();
        assertThat(config.tickLimit()).isZero();
        assertThat(config.noiseStdDev()).isEqualTo(0.5);
        assertThat(config.eventTime()).isEqualTo(EventTime.realtime());
        assertThat(config.clientId()).isNull();
    }

    @Test
    void rejectsNonPositiveLinesNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().lines(-3))
                .withMessage("lines must be greater than 0. Found: -3");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().lines(0))
                .withMessage("lines must be greater than 0. Found: 0");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().lines(20_000))
                .withMessage("lines must be at most 10000. Found: 20000");
    }

    @Test
    void rejectsBareNumbersWithAcceleratedEventTime() {
        FleetConfig.Builder builder = FleetConfig.builder().format(PayloadFormat.NUMBER).accelerated(1_000);

        assertThatIllegalArgumentException().isThrownBy(builder::build)
                .withMessageStartingWith("format number carries no event time, so it cannot be used with accelerated"
                        + " event time. Use json, senml or protobuf.");
    }

    @Test
    void acceptsEveryTimestampedFormatWithAcceleratedEventTime() {
        for (PayloadFormat format : new PayloadFormat[] {PayloadFormat.JSON, PayloadFormat.SENML, PayloadFormat.PROTOBUF}) {
            assertThat(FleetConfig.builder().format(format).accelerated(0).build().eventTime())
                    .isEqualTo(EventTime.accelerated(0));
        }
    }

    @Test
    void rejectsOtherBadValuesWithTheirNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().qos(2))
                .withMessage("qos must be 0 or 1. Found: 2");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().ratePerSecond(0))
                .withMessage("ratePerSecond must be greater than 0 and finite. Found: 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().ratePerSecond(Double.NaN))
                .withMessage("ratePerSecond must be greater than 0 and finite. Found: NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().duration(Duration.ofSeconds(-1)))
                .withMessage("duration must not be negative. Found: PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().maxTicks(-1))
                .withMessage("maxTicks must not be negative. Found: -1");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().noiseStdDev(-0.1))
                .withMessage("noiseStdDev must be finite and not negative. Found: -0.1");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().brokerUri("localhost:1883"))
                .withMessage("brokerUri must look like tcp://host:port (or ssl://, ws://, wss://). Found: localhost:1883");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().linePrefix("line/"))
                .withMessage("linePrefix must match [A-Za-z0-9_.-]{0,63} so that line ids stay valid. Found: line/");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().maxInFlight(0))
                .withMessage("maxInFlight must be greater than 0. Found: 0");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetConfig.builder().clientId(" ").build())
                .withMessage("clientId must not be blank (null = generated). Found: ' '");
    }

    @Test
    void rejectsLinePrefixesThatMakeIdsTooLong() {
        FleetConfig.Builder builder = FleetConfig.builder().linePrefix("x".repeat(62)).lines(100);

        assertThatIllegalArgumentException().isThrownBy(builder::build)
                .withMessage("linePrefix must match [A-Za-z0-9_.-]{0,61} so that line ids stay valid. Found: " + "x".repeat(62));
    }

    @Test
    void tickLimitIsDurationTimesRateOrMaxTicksWhicheverIsSmaller() {
        FleetConfig.Builder builder = FleetConfig.builder().ratePerSecond(10);

        assertThat(builder.duration(Duration.ofSeconds(30)).build().tickLimit()).isEqualTo(300);
        assertThat(builder.duration(Duration.ofMillis(250)).build().tickLimit()).isEqualTo(3);
        assertThat(builder.duration(Duration.ofMillis(1)).build().tickLimit()).isEqualTo(1);
        assertThat(builder.duration(Duration.ofSeconds(30)).maxTicks(50).build().tickLimit()).isEqualTo(50);
        assertThat(builder.duration(Duration.ZERO).maxTicks(50).build().tickLimit()).isEqualTo(50);
        assertThat(builder.duration(null).maxTicks(0).build().tickLimit()).isZero();
        assertThat(FleetConfig.builder().ratePerSecond(3).duration(Duration.ofSeconds(1)).build().tickLimit()).isEqualTo(3);
    }

    @Test
    void countsMessagesPerTickByFormat() {
        assertThat(FleetConfig.builder().lines(5).format(PayloadFormat.JSON).build().messagesPerTick()).isEqualTo(20);
        assertThat(FleetConfig.builder().lines(5).format(PayloadFormat.SENML).build().messagesPerTick()).isEqualTo(5);
        assertThat(FleetConfig.builder().lines(5).build().readingsPerTick()).isEqualTo(20);
    }

    @Test
    void toStringNeverShowsThePassword() {
        FleetConfig config = FleetConfig.builder().credentials("sim", "s3cret").build();

        assertThat(config.toString()).contains("username=sim").contains("password=***").doesNotContain("s3cret");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        FleetConfig config = FleetConfig.builder().brokerUri("ssl://broker:8883").clientId("c1").credentials("u", "p")
                .lines(7).linePrefix("line-").topicPrefix("plant/1").ratePerSecond(2.5).seed(-9)
                .format(PayloadFormat.PROTOBUF).qos(0).duration(Duration.ofMinutes(1)).maxTicks(12).noiseStdDev(0)
                .accelerated(5_000).maxInFlight(8).connectTimeout(Duration.ofSeconds(3)).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void acceleratedEventTimeStepsByOneOverRate() {
        EventTime.Accelerated time = new EventTime.Accelerated(1_000);

        assertThat(time.tickTimeMs(0, 10)).isEqualTo(1_000);
        assertThat(time.tickTimeMs(7, 10)).isEqualTo(1_700);
        assertThat(time.tickTimeMs(3, 3)).isEqualTo(2_000);
        assertThatIllegalArgumentException().isThrownBy(() -> EventTime.accelerated(-1))
                .withMessage("startEpochMs must not be negative. Found: -1");
    }
}
