/**
 * Attention as TensorFlow graph ops (MODEL.md 1.1 steps 4-8, 1.4, 4): {@link
 * io.megaspark.megalodon.attention.SharedQueryKey} (queries and keys from the normalised shared Z),
 * {@link io.megaspark.megalodon.attention.ChunkedAttention} (block-diagonal causal softmax attention) and
 * {@link io.megaspark.megalodon.attention.InfiniMemory} (Infini-attention's compressive memory, one segment
 * per chunk).
 *
 * <p>Shapes: B batch, T tokens per block, C attention chunk, K = T/C chunks, H heads, Dz and Dv head widths.
 */
package io.megaspark.megalodon.attention;
