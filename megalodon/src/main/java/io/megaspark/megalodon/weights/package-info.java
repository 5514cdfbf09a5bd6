/**
 * Model weights: the safetensors format ({@link io.megaspark.megalodon.weights.SafeTensors}, memory-mapped
 * reads of F32/F16/BF16/F64/I32/I64, writes of F32/I32/I64) and
 * {@link io.megaspark.megalodon.weights.MegalodonWeights}, the official state dict (MODEL.md 1.6) checked
 * against a config. Shapes: weights are PyTorch {@code (out, in)}; CEMA tensors are [D, N, 1], [D, 1, 1],
 * [D, N, 2] and [D, 1].
 */
package io.megaspark.megalodon.weights;
