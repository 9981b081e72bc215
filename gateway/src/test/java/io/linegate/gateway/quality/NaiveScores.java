package io.linegate.gateway.quality;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.moment.Variance;

/**
 * The reference {@link OnlineScores} is checked against: keeps every record and recomputes each
 * figure from scratch with Commons Math's two-pass statistics.
 */
final class NaiveScores {

    private final List<double[]> records = new ArrayList<>();

    void record(double predicted, double actual, double lower, double upper) {
        records.add(new double[] {predicted, actual, lower, upper});
    }

    Scores.Span lifetime() {
        return span(records);
    }

    Scores.Span lastN(int n) {
        return span(records.subList(Math.max(0, records.size() - n), records.size()));
    }

    private static Scores.Span span(List<double[]> span) {
        int n = span.size();
        if (n == 0) {
            return new Scores.Span(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] residuals = new double[n];
        double[] absolute = new double[n];
        double[] actuals = new double[n];
        int covered = 0;
        for (int i = 0; i < n; i++) {
            double[] r = span.get(i);
            residuals[i] = r[1] - r[0];
            absolute[i] = Math.abs(residuals[i]);
            actuals[i] = r[1];
            if (r[2] <= r[1] && r[1] <= r[3]) {
                covered++;
            }
        }
        double sst = n < 2 ? 0 : new Variance().evaluate(actuals) * (n - 1);
        double rSquared = n < 2 || sst == 0 ? Double.NaN : 1 - StatUtils.sumSq(residuals) / sst;
        return new Scores.Span(n, StatUtils.mean(absolute), Math.sqrt(StatUtils.sumSq(residuals) / n), rSquared,
                (double) covered / n, StatUtils.mean(residuals));
    }
}
