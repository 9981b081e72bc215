/**
 * Per-line online regression: the {@code model} stage of the pipeline (DESIGN §3.3).
 *
 * <p>A {@link io.linegate.gateway.model.LineModel} explains a line's target by its features and
 * is fed one closed window at a time, predict first, then learn. {@link
 * io.linegate.gateway.model.OlsModel} ({@code ols}) is exact incremental least squares on a
 * QR factor updated by square-root-free Givens rotations (the package's own implementation of
 * Alan Miller's algorithm AS 274), identical to a batch fit of every window seen. {@link
 * io.linegate.gateway.model.RlsModel} ({@code rls}) is the same factor with a forgetting factor
 * λ, identical to a batch fit weighting the i-th of n windows by λⁿ⁻ⁱ; both share {@code
 * LeastSquaresModel}, and with λ = 1 they compute the same numbers. A rank-deficient design
 * (a constant feature, a feature that is a combination of others) is reported, not hidden: the
 * snapshot names the aliased coefficients (0) and fits the rest without them, as R's {@code lm}
 * does ({@code BasicSolution}); predictions wait until the fit is identified.
 *
 * <p>Checkpoints (DESIGN §4): {@code checkpoint()} writes everything a model has learned as a
 * small versioned, checksummed byte array, and {@code OlsModel.restore(...)} or {@code
 * RlsModel.restore(...)} resumes it bit for bit under the same features, intercept and
 * forgetting factor, or refuses with a
 * {@link io.linegate.gateway.model.CheckpointException} saying why. Storing the bytes is the
 * caller's business; nothing here does I/O. The envelope (version byte, body, CRC-32C) is
 * {@link io.linegate.gateway.model.StateEnvelope}, public because {@code quality} frames its own
 * saved state the same way.
 *
 * <p>Threads: every model is owned by the single line worker that owns its line and is only
 * ever called from that worker's thread, checkpoint and restore included. Nothing here is
 * thread-safe and nothing needs to be: no locks, no shared state. Snapshots and predictions are
 * immutable values and a checkpoint is a fresh array its caller owns; any of them may be handed
 * to other threads.
 *
 * <p>Imports: the JDK and Apache Commons Math only. This package knows nothing of MQTT, CoAP,
 * Netty, protobuf or configuration files; {@code app} maps configuration onto constructors.
 */
package io.linegate.gateway.model;
