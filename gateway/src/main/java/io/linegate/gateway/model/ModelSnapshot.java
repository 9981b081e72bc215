package io.linegate.gateway.model;

import java.util.List;

/**
 * The state of a line model at one moment, for publishing as {@code ModelSummary}.
 *
 * @param kind              model kind, e.g. {@code "ols"}
 * @param coefficients      intercept first (when the model has one, named {@code "intercept"}),
 *                          then one per feature in configured order
 * @param rSquared          coefficient of determination of the fit, NaN while undefined
 * @param adjustedRSquared  adjusted R², NaN while undefined
 * @param residualStdError  residual standard error s, NaN while undefined
 * @param observations      observations learned from
 * @param identified        whether every coefficient is identified (enough observations, full rank)
 * @param influenceRanking  feature names ordered by |standardized coefficient|, largest first
 *                          (empty while not identified)
 */
public record ModelSnapshot(
        String kind,
        List<Coefficient> coefficients,
        double rSquared,
        double adjustedRSquared,
        double residualStdError,
        long observations,
        boolean identified,
        List<String> influenceRanking) {

    public ModelSnapshot {
        coefficients = List.copyOf(coefficients);
        influenceRanking = List.copyOf(influenceRanking);
    }

    /**
     * One coefficient.
     *
     * @param name          {@code "intercept"} or the feature's name (its sensor id)
     * @param estimate      estimate, NaN while not identified
     * @param standardError standard error, NaN while undefined
     * @param standardized  estimate × sd(feature) / sd(target); 0 for the intercept, NaN while undefined
     */
    public record Coefficient(String name, double estimate, double standardError, double standardized) {
    }
}
