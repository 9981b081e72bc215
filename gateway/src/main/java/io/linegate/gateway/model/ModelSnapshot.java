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
 * @param identified        whether every coefficient is identified (more observations than
 *                          coefficients, none aliased); while not, predictions are withheld and,
 *                          from the first observation on, the coefficients are the basic
 *                          least-squares solution: aliased ones 0, the others the fit without them
 * @param aliased           names of the aliased coefficients, in coefficient order: those whose
 *                          column is a linear combination of the others (a constant feature next to
 *                          the intercept, a feature that is a combination of other features, features
 *                          beyond the observations seen). Empty while identified; not empty while
 *                          not identified with more observations than coefficients, which is rank
 *                          deficiency. The intercept, being first, is aliased only if (after an
 *                          aliasing of later columns) it is numerically a combination of features
 * @param influenceRanking  feature names ordered by |standardized coefficient|, largest first, then
 *                          those whose influence is undefined, then the aliased ones (empty before
 *                          the first observation)
 */
public record ModelSnapshot(
        String kind,
        List<Coefficient> coefficients,
        double rSquared,
        double adjustedRSquared,
        double residualStdError,
        long observations,
        boolean identified,
        List<String> aliased,
        List<String> influenceRanking) {

    public ModelSnapshot {
        coefficients = List.copyOf(coefficients);
        aliased = List.copyOf(aliased);
        influenceRanking = List.copyOf(influenceRanking);
    }

    /**
     * One coefficient.
     *
     * @param name          {@code "intercept"} or the feature's name (its sensor id)
     * @param estimate      estimate: finite from the first observation on, exactly 0 when aliased;
     *                      NaN before the first observation
     * @param standardError standard error, NaN while undefined (aliased, or no residual degrees of freedom)
     * @param standardized  estimate × sd(feature) / sd(target); 0 for the intercept, NaN while undefined.
     *                      {@code rls} uses exponentially weighted standard deviations
     * @param pValue        two-sided p-value of the Student-t test of coefficient = 0, t = estimate /
     *                      standard error with the residual degrees of freedom (n − r for {@code ols},
     *                      ν = max(1, Σwᵢ − r) for {@code rls}, r the number of coefficients not
     *                      aliased, p when identified); NaN while undefined
     * @param aliased       whether the coefficient is aliased (see {@link ModelSnapshot#aliased()})
     */
    public record Coefficient(String name, double estimate, double standardError, double standardized,
            double pValue, boolean aliased) {
    }
}
