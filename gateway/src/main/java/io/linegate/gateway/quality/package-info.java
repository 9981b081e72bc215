/**
 * How good a line's model is, and what it says: the {@code quality} stage that runs beside the
 * model on every closed window (DESIGN §3.3, predict-then-learn).
 *
 * <ul>
 *   <li>{@link io.linegate.gateway.quality.OnlineScores} scores honest predictions against the
 *       actuals, over the line's whole life and over an exact sliding horizon of recent windows,
 *       and publishes them as an immutable {@link io.linegate.gateway.quality.Scores}.</li>
 *   <li>A {@link io.linegate.gateway.quality.DriftDetector} ({@link
 *       io.linegate.gateway.quality.PageHinkley} or {@link io.linegate.gateway.quality.Cusum})
 *       watches the residuals and raises an alarm when their mean moves; {@link
 *       io.linegate.gateway.quality.DriftConfig} says which detector and how the line should
 *       react. The reaction itself (faster forgetting, a model reset) is applied by the caller.</li>
 *   <li>{@link io.linegate.gateway.quality.Influence} ranks features by standardized effect and
 *       says so in a sentence; {@link io.linegate.gateway.quality.Setpoints} answers what-if
 *       questions on the fitted linear model and recommends setpoints within bounds.</li>
 * </ul>
 *
 * <p>Time is counted in windows, passed in by the caller: nothing here reads a clock, starts a
 * thread or does I/O. Checkpoints are versioned byte arrays ending in a CRC-32C, framed as the
 * model's are ({@link io.linegate.gateway.model.StateEnvelope}); storing them is
 * the caller's business, and a damaged one is refused with a
 * {@link io.linegate.gateway.model.CheckpointException}.
 *
 * <p>Threads: scores and detectors are mutable and owned by the single line worker that owns the
 * line's model; only that worker calls them. {@code Influence} and {@code Setpoints} are
 * immutable and safe anywhere. Snapshots, rankings and setpoints are immutable values.
 *
 * <p>Imports: the JDK, Apache Commons Math, {@code model}'s public value types
 * ({@code ModelPrediction}, {@code CheckpointException}) and the checkpoint envelope every saved
 * state shares ({@code StateEnvelope}). Nothing here knows of MQTT, protobuf or configuration
 * files.
 */
package io.linegate.gateway.quality;
