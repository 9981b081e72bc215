package io.linegate.gateway.pipeline;

import io.linegate.gateway.aggregate.LineWindow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The counters line workers update. Micrometer counters are thread-safe; shared by all workers. */
final class WorkerMetrics {

    final Counter readingsAccepted;
    final Counter readingsIgnored;
    final Counter workerErrors;
    final Counter droppedAtShutdown;
    final Counter stateErrors;
    final Counter linesRestored;
    private final Counter closedByWatermark;
    private final Counter closedByIdle;
    private final Counter predictionsWithValue;
    private final Counter predictionsWithoutValue;
    final Counter anomalies;
    final Counter driftAlarms;
    final Counter windowsSkipped;
    final Counter windowsCarried;
    final Counter modelResets;

    WorkerMetrics(MeterRegistry meters) {
        readingsAccepted = Counter.builder("linegate.readings.accepted")
                .description("Readings added to an open window").register(meters);
        readingsIgnored = Counter.builder("linegate.readings.ignored")
                .description("Readings of sensors that are neither a feature nor the target of their line")
                .register(meters);
        workerErrors = Counter.builder("linegate.worker.errors")
                .description("Unexpected failures while a line worker handled a message (bugs)").register(meters);
        droppedAtShutdown = Counter.builder("linegate.worker.dropped.shutdown")
                .description("Readings still queued when the line workers stopped").register(meters);
        stateErrors = Counter.builder("linegate.state.errors")
                .description("Failures writing or reading line checkpoints and journals").register(meters);
        linesRestored = Counter.builder("linegate.lines.restored")
                .description("Lines whose model and seq were restored from storage").register(meters);
        closedByWatermark = Counter.builder("linegate.windows.closed").tag("cause", "watermark")
                .description("Windows closed").register(meters);
        closedByIdle = Counter.builder("linegate.windows.closed").tag("cause", "idle")
                .description("Windows closed").register(meters);
        predictionsWithValue = Counter.builder("linegate.predictions").tag("predicted", "true")
                .description("Prediction messages emitted, one per closed window").register(meters);
        predictionsWithoutValue = Counter.builder("linegate.predictions").tag("predicted", "false")
                .description("Prediction messages emitted, one per closed window").register(meters);
        anomalies = Counter.builder("linegate.anomalies")
                .description("Windows whose observed target lay outside the prediction interval").register(meters);
        driftAlarms = Counter.builder("linegate.drift.alarms")
                .description("Drift alarms raised on prediction residuals (each published as an alert)")
                .register(meters);
        windowsSkipped = Counter.builder("linegate.windows.incomplete").tag("outcome", "skipped")
                .description("Windows with a missing feature: skipped (no prediction value, no learning)"
                        + " or predicted with carried-forward values (no learning)").register(meters);
        windowsCarried = Counter.builder("linegate.windows.incomplete").tag("outcome", "carried")
                .description("Windows with a missing feature: skipped (no prediction value, no learning)"
                        + " or predicted with carried-forward values (no learning)").register(meters);
        modelResets = Counter.builder("linegate.model.resets")
                .description("Models started from zero by a drift reaction").register(meters);
    }

    void windowClosed(LineWindow.CloseCause cause) {
        (cause == LineWindow.CloseCause.IDLE ? closedByIdle : closedByWatermark).increment();
    }

    void predictionEmitted(boolean withValue) {
        (withValue ? predictionsWithValue : predictionsWithoutValue).increment();
    }
}
