/**
 * Normalisation layers as graph ops (MODEL.md 1.1, 1.3): the group TimestepNorm with carried float64
 * statistics (cumulative Chan/Welford sums), the plus-one RMSNorm (also used without weight for the
 * per-head normalisation of Z) and the plus-one LayerNorm of the FFN. Each has a float64 twin in
 * {@code io.megaspark.megalodon.reference} that its tests compare against.
 *
 * <p>Shapes: x [B, T, D] (or [..., W] for the per-token norms); TimestepNorm state count [B], mean and var
 * [B, G], float64.
 */
package io.megaspark.megalodon.norm;
