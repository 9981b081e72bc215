package io.linegate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For both model kinds and any data: a column that duplicates another (scaled, and shifted when
 * there is an intercept) or, next to an intercept, is constant yields finite estimates after every
 * learn, is flagged aliased (the later column of a duplicated pair, as in R's {@code lm}), withholds
 * predictions, and leaves every other number that of a model of the same kind that never saw the
 * column.
 *
 * <p>That model, not a batch fit, is the reference here: random designs can be ill-conditioned
 * enough (a duplicate 10⁻³·x + 1.5 next to the intercept) that any two sound solvers disagree
 * beyond 1e-9 in the standard errors, and the model's own agreement with batch fits is what
 * {@link OlsModelBatchEquivalenceProperties} and {@link RlsModelBatchEquivalenceTest} establish.
 * {@link RankDeficiencyTest} compares designs written out by hand with batch fits directly.
 */
class RankDeficiencyProperties {

    private static final double TOLERANCE = 1e-9;

    @Provide
    Arbitrary<ModelKind> kinds() {
        return Arbitraries.of(ModelKind.OLS, ModelKind.rls(1), ModelKind.rls(0.98), ModelKind.rls(0.9));
    }

    @Provide
    Arbitrary<Double> factors() {
        return Arbitraries.of(1.0, 2.0, -0.7, 1e3, 1e-3, 0.0);
    }

    @Property(tries = 100)
    void duplicatedOrConstantColumnGivesFiniteEstimatesAndIsAliased(
            @ForAll("kinds") ModelKind kind,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 5) int featureCount,
            @ForAll boolean intercept,
            @ForAll boolean constant,
            @ForAll @IntRange(min = 0, max = 5) int position,
            @ForAll @IntRange(min = 0, max = 4) int sourceChoice,
            @ForAll("factors") double factor,
            @ForAll @IntRange(min = 2, max = 40) int extraObservations) {
        boolean constantColumn = constant && intercept; // without an intercept a constant column is one
        int at = position % (featureCount + 1);
        int source = sourceChoice % featureCount;
        int sourceAt = source < at ? source : source + 1;
        List<String> names = new ArrayList<>(OlsModelBatchEquivalenceTest.names(featureCount));
        names.add(at, "extra");
        // A duplicate scaled by 0 is a zero column, or a constant one next to the intercept.
        boolean aliasedWhereverItStands = constantColumn || factor == 0;
        String expectedAliased = aliasedWhereverItStands || at > sourceAt ? "extra" : names.get(sourceAt);
        SyntheticLine line = new SyntheticLine(seed, featureCount, intercept, 1.0);
        LeastSquaresModel model = kind.create(names, intercept, 0.95, 0);
        int aliasedAt = names.indexOf(expectedAliased);
        List<String> keptNames = new ArrayList<>(names);
        keptNames.remove(aliasedAt);
        LeastSquaresModel withoutIt = kind.create(keptNames, intercept, 0.95, 0);
        int parameters = names.size() + (intercept ? 1 : 0);
        for (int n = 1; n <= parameters + extraObservations; n++) {
            double[] base = line.nextFeatures();
            double y = line.nextTarget(base);
            double extra = constantColumn ? factor : factor * base[source] + (intercept ? 1.5 : 0);
            double[] x = new double[names.size()];
            for (int i = 0, j = 0; i < x.length; i++) {
                x[i] = i == at ? extra : base[j++];
            }
            model.learn(x, y);
            double[] kept = new double[keptNames.size()];
            for (int i = 0, j = 0; i < x.length; i++) {
                if (i != aliasedAt) {
                    kept[j++] = x[i];
                }
            }
            withoutIt.learn(kept, y);

            ModelSnapshot snapshot = model.snapshot();
            assertThat(snapshot.coefficients()).allSatisfy(c -> assertThat(c.estimate()).as(c.name()).isFinite());
            assertThat(snapshot.identified()).isFalse();
            assertThat(snapshot.aliased()).contains(expectedAliased);
            assertThat(model.predict(x)).isEmpty();
        }
        assertIsTheModelWithoutIt(model.snapshot(), withoutIt.snapshot(), expectedAliased);
    }

    /**
     * Estimates agree to 1e-9 relative to the larger of themselves and their standard errors (an
     * estimate near 0 is known only to rounding on the scale of its column), and everything else
     * to 1e-9 relative.
     */
    private static void assertIsTheModelWithoutIt(ModelSnapshot deficient, ModelSnapshot reference, String aliased) {
        assertThat(reference.identified()).as("reference identified").isTrue();
        assertThat(deficient.aliased()).containsExactly(aliased);
        int j = 0;
        for (ModelSnapshot.Coefficient c : deficient.coefficients()) {
            if (c.name().equals(aliased)) {
                assertThat(c.aliased()).isTrue();
                assertThat(c.estimate()).isZero();
                assertThat(c.standardError()).isNaN();
                continue;
            }
            ModelSnapshot.Coefficient expected = reference.coefficients().get(j++);
            assertThat(c.name()).isEqualTo(expected.name());
            assertThat(c.aliased()).isFalse();
            BatchAgreement.assertWithin(c.name() + " estimate", c.estimate(), expected.estimate(),
                    TOLERANCE * Math.max(Math.abs(expected.estimate()), expected.standardError()));
            BatchAgreement.assertWithin(c.name() + " std error", c.standardError(), expected.standardError(),
                    TOLERANCE * expected.standardError());
            BatchAgreement.assertWithin(c.name() + " standardized", c.standardized(), expected.standardized(),
                    TOLERANCE * Math.max(Math.abs(expected.standardized()), 1e-300));
        }
        BatchAgreement.assertClose("residual std error", deficient.residualStdError(), reference.residualStdError());
        BatchAgreement.assertClose("1 − R²", 1 - deficient.rSquared(), 1 - reference.rSquared());
        BatchAgreement.assertClose("1 − adjusted R²", 1 - deficient.adjustedRSquared(),
                1 - reference.adjustedRSquared());
    }
}
