package io.linegate.gateway.model;

import java.util.List;

/**
 * A model kind with its forgetting factor, so that one test can run against {@code ols} and
 * {@code rls} alike.
 *
 * @param kind             {@link OlsModel#KIND} or {@link RlsModel#KIND}
 * @param forgettingFactor λ for {@code rls}; 1 for {@code ols}
 */
record ModelKind(String kind, double forgettingFactor) {

    static final ModelKind OLS = new ModelKind(OlsModel.KIND, 1);

    static ModelKind rls(double forgettingFactor) {
        return new ModelKind(RlsModel.KIND, forgettingFactor);
    }

    LeastSquaresModel create(List<String> featureNames, boolean intercept, double intervalLevel, int minObservations) {
        return kind.equals(OlsModel.KIND)
                ? new OlsModel(featureNames, intercept, intervalLevel, minObservations)
                : new RlsModel(featureNames, intercept, intervalLevel, minObservations, forgettingFactor);
    }

    LeastSquaresModel create(List<String> featureNames) {
        return create(featureNames, true, OlsModel.DEFAULT_INTERVAL_LEVEL, 0);
    }

    LeastSquaresModel restore(List<String> featureNames, boolean intercept, double intervalLevel, int minObservations,
            byte[] checkpoint) {
        return kind.equals(OlsModel.KIND)
                ? OlsModel.restore(featureNames, intercept, intervalLevel, minObservations, checkpoint)
                : RlsModel.restore(featureNames, intercept, intervalLevel, minObservations, forgettingFactor,
                        checkpoint);
    }

    /** Whether models of this kind can {@linkplain RlsModel#discount discount} their weights. */
    boolean discounts() {
        return kind.equals(RlsModel.KIND);
    }

    /** How restore messages name this kind's checkpoints. */
    String checkpointName() {
        return kind + " model checkpoint";
    }

    @Override
    public String toString() {
        return kind.equals(OlsModel.KIND) ? kind : kind + " λ=" + forgettingFactor;
    }
}
