/**
 * The complex exponential moving average (CEMA, MODEL.md 1.2) on TensorFlow. {@link
 * io.megaspark.megalodon.ema.EmaCoefficients} turns a layer's stored parameters into float64 coefficients
 * (p, q, η, omega) and the real matrices of the fast path; {@link io.megaspark.megalodon.ema.ComplexEma}
 * builds the chunked graph (sub-chunk matmuls, a short scan over sub-chunks, per-row end states). The
 * oracle is the plain recurrence in {@code io.megaspark.megalodon.reference.ReferenceEma}.
 *
 * <p>Complex values are [re | im] pairs on the last axis (TF Java has no complex type). Shapes: x [B, T, D];
 * carried state [D, B, 2N]; S the sub-chunk length (a divisor of T, at most 64 in the model).
 */
package io.megaspark.megalodon.ema;
