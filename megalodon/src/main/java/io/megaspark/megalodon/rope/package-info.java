/**
 * Rotary position embeddings and the context-extension methods that rescale them (MODEL.md §1.4 and §2).
 *
 * <ul>
 *   <li>{@link io.megaspark.megalodon.rope.RopeScaling}: one record per method (default, linear / position
 *       interpolation, static NTK-aware, dynamic NTK, YaRN, llama3, LongRoPE), each computing
 *       {@link io.megaspark.megalodon.rope.RopeFrequencies} (inverse frequencies and attention factor);
 *   <li>{@link io.megaspark.megalodon.rope.RopeScalingConfig}: maps Hugging Face {@code rope_scaling} /
 *       {@code rope_parameters} objects onto those records and back;
 *   <li>{@link io.megaspark.megalodon.rope.DynamicNtkTracker}: Hugging Face's grow-and-reset rule for dynamic NTK;
 *   <li>{@link io.megaspark.megalodon.rope.RotaryReference}: the float64 rotation in both pair layouts
 *       ({@link io.megaspark.megalodon.rope.RopeLayout}), the oracle for the TensorFlow rotary op.
 * </ul>
 *
 * <p>Everything here is plain Java in float64; Hugging Face computes in float32, so the two agree to about 1e-7
 * relative. MEGALODON's positions restart in every chunk, so it uses only the default method; the others serve
 * RoPE Transformer baselines.
 *
 * <p>Shapes: Dz head width (the rotary dimension), Dz/2 rotated pairs, C chunk length. Pair i rotates by
 * {@code position * invFreq[i]}; {@link io.megaspark.megalodon.rope.RopeLayout} says which two dimensions form it.
 *
 * <p>Nulls: no method accepts or returns null; optional parameters are {@code OptionalInt} / {@code OptionalDouble}.
 */
package io.megaspark.megalodon.rope;
