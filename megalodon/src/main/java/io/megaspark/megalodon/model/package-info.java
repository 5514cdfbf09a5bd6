/**
 * The model's carried state and its fast forward pass on TensorFlow. {@link
 * io.megaspark.megalodon.model.StreamState} is one document's state between blocks (MODEL.md 1.10):
 * per layer CEMA h [D*N] as real/imaginary float32 pairs and TimestepNorm (count, mean [G], var [G]) in
 * float64, plus the output TimestepNorm, the token position and, with Infini memory, (M, z) per layer.
 * {@link io.megaspark.megalodon.model.MegalodonModel} runs whole blocks (one graph per batch and block
 * length); {@link io.megaspark.megalodon.model.LayerwiseModel} runs the same pieces one stage at a time
 * (embedding, a single layer from its own state, head) for the layer-wise scan over a document's ranges.
 *
 * <p>Shapes: B batch, T tokens per block, C chunk, D model dim, N EMA order, G norm groups, H heads, Dz
 * and Dv head widths, V vocab, L layers.
 */
package io.megaspark.megalodon.model;
