package io.linegate.gateway.model;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Incremental {@code ols} equals a batch fit, for any seed, feature count and length. */
class OlsModelBatchEquivalenceProperties {

    @Property(tries = 60)
    void onlineFitEqualsBatchFitAfterEveryIdentifiedStep(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int featureCount,
            @ForAll boolean intercept,
            @ForAll @IntRange(min = 1, max = 60) int extraObservations) {
        SyntheticLine line = new SyntheticLine(seed, featureCount, intercept, 1.0);
        OlsModel model = new OlsModel(OlsModelBatchEquivalenceTest.names(featureCount), intercept, 0.95,
                OlsModel.defaultMinObservations(featureCount, intercept));
        int parameters = featureCount + (intercept ? 1 : 0);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 1; n <= parameters + extraObservations; n++) {
            double[] x = line.nextFeatures();
            double y = line.nextTarget(x);
            model.learn(x, y);
            xs.add(x);
            ys.add(y);
            if (n > parameters) {
                BatchAgreement.assertAgrees(model, xs, ys, intercept);
            }
        }
    }
}
