/**
 * The model's carried state and (later) its fast forward pass. {@link
 * io.megaspark.megalodon.model.StreamState} is one document's state between blocks (MODEL.md 1.10):
 * per layer CEMA h [D*N] as real/imaginary float32 pairs and TimestepNorm (count, mean [G], var [G]) in
 * float64, plus the output TimestepNorm and the token position.
 */
package io.megaspark.megalodon.model;
