/**
 * The MEGALODON model (MODEL.md section 1): config, weights, carried state, the float64 reference and the
 * TensorFlow implementation. No Spark and no chunking types: callers pass {@code int[]} tokens and get plain
 * records back.
 *
 * <p>Shape glossary used by every package below: B batch, T tokens per block, C chunk length, K = T/C
 * chunks, H heads, D model dim, Dz and Dv head widths, N EMA order ({@code cema_ndim}), G norm groups, V
 * vocab, F FFN hidden width, L layers.
 */
package io.megaspark.megalodon;
