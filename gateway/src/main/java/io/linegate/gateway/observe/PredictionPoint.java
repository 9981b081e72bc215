package io.linegate.gateway.observe;

/**
 * One closed window of a line as the dashboard charts it. Absent numbers are null (JSON null),
 * never NaN.
 *
 * @param seq         the window's prediction seq
 * @param windowEndMs end of the window, epoch ms (the chart's x)
 * @param producedAtMs when the gateway made the prediction, epoch ms
 * @param predicted   the model's prediction, null when it could not predict
 * @param lower       lower end of the prediction interval, null without a prediction
 * @param upper       upper end of the prediction interval, null without a prediction
 * @param actual      the observed target, null when the window had none
 * @param anomaly     whether the actual lay outside the interval
 */
public record PredictionPoint(long seq, long windowEndMs, long producedAtMs, Double predicted, Double lower,
                              Double upper, Double actual, boolean anomaly) {

    /** {@code value} boxed, or null when it is not finite. */
    public static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
