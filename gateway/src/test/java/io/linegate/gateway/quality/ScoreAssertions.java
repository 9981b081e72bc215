package io.linegate.gateway.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.SoftAssertions;

/** Compares score spans figure by figure within a relative tolerance. */
final class ScoreAssertions {

    private ScoreAssertions() {
    }

    static void assertClose(Scores.Span actual, Scores.Span expected, double relative) {
        assertThat(actual.count()).as("count").isEqualTo(expected.count());
        SoftAssertions soft = new SoftAssertions();
        close(soft, "meanAbsoluteError", actual.meanAbsoluteError(), expected.meanAbsoluteError(), relative, 0);
        close(soft, "rootMeanSquaredError", actual.rootMeanSquaredError(), expected.rootMeanSquaredError(), relative,
                0);
        close(soft, "rSquared", actual.rSquared(), expected.rSquared(), relative, 1);
        close(soft, "coverage", actual.coverage(), expected.coverage(), relative, 1);
        // The bias is a signed mean; measure its error against the residuals' scale, not itself.
        close(soft, "meanBias", actual.meanBias(), expected.meanBias(), relative,
                Math.max(1, expected.meanAbsoluteError()));
        soft.assertAll();
    }

    private static void close(SoftAssertions soft, String name, double actual, double expected, double relative,
            double scale) {
        if (Double.isNaN(expected)) {
            soft.assertThat(actual).as(name).isNaN();
        } else {
            soft.assertThat(Math.abs(actual - expected)).as(name + " " + actual + " vs " + expected)
                    .isLessThanOrEqualTo(relative * Math.max(scale, Math.abs(expected)));
        }
    }
}
