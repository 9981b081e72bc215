package io.linegate.gateway.model;

import java.util.List;

/**
 * Model kind {@code rls}: recursive least squares with a forgetting factor 0 &lt; λ ≤ 1, for
 * lines whose relation drifts (DESIGN §3.3). Before each learn the weight of every earlier
 * observation is multiplied by λ, so after n learns the coefficients are the weighted
 * least-squares fit of everything seen with weights wᵢ = λⁿ⁻ⁱ, to rounding: an observation's
 * influence halves every ln 2 / ln(1/λ) learns, and the fit remembers about 1/(1 − λ) windows.
 *
 * <p>It is the square-root (QR) form of RLS: {@link OlsModel}'s Givens-updated factor, whose
 * diagonal weights D and residual sum of squares are scaled by λ before each row goes in
 * ({@link QrAccumulator#forget}). Unlike the textbook covariance-matrix recursion it needs no
 * starting guess P₀ = δI (no ridge prior biases the early fits), it cannot lose the symmetry or
 * definiteness of P to rounding, and with λ = 1 it is {@code ols}, double for double.
 *
 * <p>{@link #discount} multiplies every weight so far by a factor once, between learns; a drift
 * reaction that should forget faster for a while calls it before each learn, for an effective
 * λ·f per window. The fit is then, as before, the weighted least-squares fit, with each weight
 * the product of every λ and discount applied after its observation, and everything below holds
 * with those weights.
 *
 * <p>A direction the features stop exciting (a feature stuck at 0 for long) has its weight
 * shrink by λ per learn. It is held at {@link QrAccumulator#FORGET_FLOOR} (2⁻⁶⁰⁰) instead of
 * sinking through the subnormals to 0, where it would lose precision, slow every learn and
 * eventually read as an empty row; nothing divides by it or takes its root outside the normal
 * range, so no NaN or infinity can come of it. Meanwhile the coefficient rests on windows all
 * but forgotten and its standard error grows to say so; once the feature's exponentially
 * weighted spread falls below the smallest normal double (it is then set to 0), the feature
 * counts as constant and is aliased (coefficient 0, the others fitted without it), the fit as not
 * identified, and {@link #predict} is empty, as for {@code ols} with a constant feature. When the
 * direction is excited again the fit is the weighted fit to working precision at once, the
 * floor's phantom weight being far below the rounding of any real row.
 *
 * <p>Statistics are the weighted analogues of {@code ols}'s (see {@link LeastSquaresFit}), with
 * n_eff = Σwᵢ (= (1 − λⁿ)/(1 − λ) without discounts) in place of n and ν = max(1, n_eff − p)
 * residual degrees of freedom:
 * <ul>
 *   <li>prediction interval ŷ ± t(ν) · s · √(1 + x̃ᵀ(XᵀWX)⁻¹x̃), with s² = Σwᵢeᵢ² / ν;
 *   <li>standard errors √(s² [(XᵀWX)⁻¹]ⱼⱼ) and p-values of t = β̂ⱼ / se with ν degrees of freedom;
 *   <li>R² = 1 − Σwᵢeᵢ² / Σwᵢ(yᵢ − ȳ_w)² (uncentred without intercept), adjusted with ν and n_eff − 1;
 *   <li>standardized coefficients β̂ⱼ · sd_w(xⱼ) / sd_w(y) and the influence ranking with the
 *       exponentially weighted standard deviations, so that they describe the same recent
 *       windows as the coefficients and follow drift; lifetime ones would mix regimes the fit
 *       has forgotten.
 * </ul>
 * n_eff rather than Kish's effective size (Σwᵢ)²/Σwᵢ² ≈ (1 + λ)/(1 − λ): the weighted residual
 * sum of squares has expectation about σ²(Σwᵢ − p·Σwᵢ²/Σwᵢ), so dividing it by n_eff − p keeps s²
 * on the scale of σ² (slightly above it, as p·Σwᵢ²/Σwᵢ ≈ p/2 &lt; p), while Kish's size, about
 * twice n_eff for λ near 1, would halve s² and narrow intervals by about 30 %. Both are n with
 * λ = 1, so the interval, standard errors and p-values reduce exactly to {@code ols}'s. With
 * λ &lt; 1 these are approximations that treat the weights as known: the t quantile with the
 * smaller ν errs on the wide side, and s²(XᵀWX)⁻¹ overstates the variance of β̂ (which is
 * s²(XᵀWX)⁻¹XᵀW²X(XᵀWX)⁻¹), so p-values are conservative.
 *
 * <p>Not thread-safe. Created by {@code app} when a line is configured, or {@linkplain #restore
 * restored} from a {@linkplain #checkpoint checkpoint} when the gateway restarts (DESIGN §4), and
 * owned by that line's worker, which alone calls every method (DESIGN §2).
 */
public final class RlsModel extends LeastSquaresModel {

    /** The {@link #kind()} of this model. */
    public static final String KIND = "rls";

    /** An {@code rls} model with an intercept, 95 % intervals and the default minimum. */
    public RlsModel(List<String> featureNames, double forgettingFactor) {
        this(featureNames, true, OlsModel.DEFAULT_INTERVAL_LEVEL, 0, forgettingFactor);
    }

    /**
     * @param featureNames     one distinct name per feature, in the order of feature arrays
     * @param intercept        whether to estimate an intercept (false fits through the origin)
     * @param intervalLevel    coverage of prediction intervals, in (0, 1)
     * @param minObservations  observations (windows, however forgotten) before {@link #predict}
     *                         answers; 0 selects {@link OlsModel#defaultMinObservations(int, boolean)},
     *                         which is also the smallest value accepted otherwise
     * @param forgettingFactor λ in (0, 1]: each learn multiplies the weight of every earlier
     *                         observation by it; 1 forgets nothing and equals {@code ols}
     * @throws IllegalArgumentException naming the first invalid value
     */
    public RlsModel(List<String> featureNames, boolean intercept, double intervalLevel, int minObservations,
            double forgettingFactor) {
        super(featureNames, intercept, intervalLevel, minObservations, forgettingFactor, true);
    }

    private RlsModel(RlsModel configured, LeastSquaresCheckpoint saved) {
        super(configured, saved);
    }

    /**
     * A model configured as the constructor would configure it that continues exactly where the
     * model that wrote {@code checkpoint} was: configured alike, it predicts, snapshots and learns
     * bit for bit as that model would have. The interval level and minimum observations are
     * taken from the arguments, so they may change across a restart; the features (names and
     * order), the intercept and the forgetting factor must be the checkpoint's.
     *
     * @param checkpoint what {@link #checkpoint()} returned
     * @throws IllegalArgumentException if the configuration is invalid, as the constructor says
     * @throws CheckpointException      if {@code checkpoint} is truncated, corrupted, of another
     *                                  format version or model kind, or was taken with other
     *                                  features, intercept setting or forgetting factor; the
     *                                  message says which
     */
    public static RlsModel restore(List<String> featureNames, boolean intercept, double intervalLevel,
            int minObservations, double forgettingFactor, byte[] checkpoint) {
        RlsModel configured = new RlsModel(featureNames, intercept, intervalLevel, minObservations, forgettingFactor);
        return new RlsModel(configured, LeastSquaresCheckpoint.read(KIND, checkpoint));
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** λ, as configured. */
    @Override
    public double forgettingFactor() {
        return super.forgettingFactor();
    }

    /**
     * Multiplies the weight of every observation learned so far by {@code factor}, once: in the QR
     * factor (D and the residual sum of squares, as λ does before each learn) and in the running
     * moments of target and features (total weight and sums of squared deviations; the means do
     * not move). Afterwards the model is exactly the batch weighted least-squares fit whose weights
     * are the products of all λs and discount factors applied after each observation, to rounding,
     * and its statistics use the discounted total weight Σwᵢ, which may now be below 1 (until the
     * next learn adds 1) but stays positive: it and the factor's pivots are held at {@link
     * QrAccumulator#FORGET_FLOOR}, as under λ alone, and spreads that would be subnormal are 0. The
     * forgetting factor itself is unchanged, as is {@link #observations()}. A {@linkplain
     * #checkpoint checkpoint} holds the discounted state, so a restored model resumes it bit for bit.
     *
     * <p>Called by the line worker that owns the model, typically before each learn while a drift
     * reaction lasts: {@code discount(f)} then {@code learn(...)} weighs the past by λ·f per
     * window. {@code factor} = 1 changes nothing.
     *
     * @param factor in (0, 1]
     * @throws IllegalArgumentException naming {@code factor} if it is not in (0, 1]; the model is then
     *                                  unchanged
     */
    @Override
    public void discount(double factor) {
        super.discount(factor);
    }

    /**
     * Everything this model has learned, for {@link #restore}: what {@link OlsModel#checkpoint()}
     * holds plus λ and the total weight Σwᵢ (16 bytes more). May be taken at any time and leaves
     * the model as it was; the array is fresh and the caller's.
     */
    @Override
    public byte[] checkpoint() {
        return super.checkpoint();
    }
}
