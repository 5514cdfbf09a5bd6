/**
 * Normalised chunked attention as graph ops (MODEL.md 1.1 steps 4-8, 1.4), one head at a time: queries
 * and keys from the RMS-normalised shared Z with the (gamma+1)/√Dz scale and beta offset, interleaved
 * RoPE with positions inside the chunk, and block-diagonal causal softmax attention ([B, T, W] reshaped to
 * [B·K, C, W], no transposes).
 *
 * <p>{@link io.megaspark.megalodon.attention.InfiniMemory} adds Infini-attention's compressive memory to a
 * head (MODEL.md 4), one segment per attention chunk.
 *
 * <p>Shapes: per head z, q, k [B, T, Dz]; v and outputs [B, T, Dv]; scores [B·K, C, C]; K = T/C chunks;
 * memory M [B, Dz, Dv] and z [B, Dz].
 */
package io.megaspark.megalodon.attention;
