package io.linegate.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Dropout}s and {@link Stuck} sensors of one line: turns what the sensors measured
 * at a tick into what they publish. Not thread-safe: owned by one {@link LineProcess}.
 */
final class SensorFaults {

    private final List<Dropout> dropouts;
    private final List<Stuck> stuck;
    private final double[] previous = new double[SensorIds.ALL.size()];
    private final double[] frozen = new double[SensorIds.ALL.size()];
    private final boolean[] freezing = new boolean[SensorIds.ALL.size()];
    private boolean hasPrevious;

    SensorFaults(String lineId, Scenario scenario) {
        this.dropouts = scenario.dropouts().stream().filter(d -> d.appliesTo(lineId)).toList();
        this.stuck = scenario.stuck().stream().filter(s -> s.appliesTo(lineId)).toList();
    }

    /**
     * The readings to publish at one tick.
     *
     * @param measured   the true values, one per sensor of {@link SensorIds#ALL}, in that order
     * @param sinceStart the tick's offset from the fleet's start
     */
    List<SimReading> publish(String lineId, long tsMs, long seq, Duration sinceStart, double[] measured) {
        List<SimReading> readings = new ArrayList<>(measured.length);
        for (int i = 0; i < measured.length; i++) {
            String sensor = SensorIds.ALL.get(i);
            double value = measured[i];
            if (isStuck(sensor, sinceStart)) {
                if (!freezing[i]) {
                    frozen[i] = hasPrevious ? previous[i] : measured[i];
                    freezing[i] = true;
                }
                value = frozen[i];
            } else {
                freezing[i] = false;
            }
            if (!isDropped(sensor, sinceStart)) {
                readings.add(new SimReading(lineId, sensor, value, tsMs, seq));
            }
        }
        System.arraycopy(measured, 0, previous, 0, measured.length);
        hasPrevious = true;
        return readings;
    }

    private boolean isStuck(String sensor, Duration sinceStart) {
        for (Stuck fault : stuck) {
            if (fault.sensorId().equals(sensor) && fault.covers(sinceStart)) {
                return true;
            }
        }
        return false;
    }

    private boolean isDropped(String sensor, Duration sinceStart) {
        for (Dropout dropout : dropouts) {
            if (dropout.sensorId().equals(sensor) && dropout.covers(sinceStart)) {
                return true;
            }
        }
        return false;
    }
}
