package io.linegate.gateway.model;

import java.util.List;

/**
 * The state of a line model at one moment, for publishing as {@code ModelSummary}.
 *
 * @param kind              model kind, {@code "ols"} or {@code "rls"}
 * @param coefficients      intercept first (when the model has one, named {@code "intercept"}),
 *                          then one per feature in configured order
 * @param rSquared          coefficient of determination of the fit (weighted for {@code rls}), NaN
 *                          while undefined
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
     * @param standardized  estimate × sd(feature) / sd(target); 0 for the intercept, NaN while undefined.
     *                      {@code rls} uses exponentially weighted standard deviations
     * @param pValue        two-sided p-value of the Student-t test of coefficient = 0, t = estimate /
     *                      standard error with the residual degrees of freedom (n − p for {@code ols},
     *                      ν = max(1, Σwᵢ − p) for {@code rls}); NaN while undefined
     */
    public record Coefficient(String name, double estimate, double standardError, double standardized,
            double pValue) {
    }
}
