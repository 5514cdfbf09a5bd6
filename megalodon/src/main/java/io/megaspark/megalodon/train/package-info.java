/**
 * Training MEGALODON models: a differentiable TensorFlow graph of the whole model with the next-token
 * loss and its gradients, the optimizer (AdamW with decoupled weight decay), the learning-rate schedule
 * (linear warmup, cosine to a floor), global-norm gradient clipping, the data pipeline for truncated
 * back-propagation through time, checkpoints that resume bit-for-bit, held-out evaluation in bits per
 * byte (state carried or reset, by position bucket), the CSV log and the loss-curve PNG.
 *
 * <p>The graph ({@code ModelGraph}: {@code TimestepNormGraph}, {@code EmaGraph}, {@code AttentionGraph},
 * {@code LayerGraph}) is generic in the float type: float32 for training, float64 for the
 * finite-difference gradient check. It takes the weights under their official names (MODEL.md 1.6) as
 * placeholders and computes everything derived from them in the graph (CEMA coefficients, plus-one
 * norm scales), so every parameter gets a gradient; the inference model of
 * {@code io.megaspark.megalodon.model} precomputes those on the host and so cannot be differentiated.
 * Tests hold the graph to the float64 reference model, to the inference model, and to central
 * differences. Two TensorFlow facts shaped it: the C++ gradients of Softmax and LogSoftmax reduce over
 * axis 1 (right only for rank-2 inputs), and the C++ gradient of Slice fails with int64 bounds.
 *
 * <p>Truncated BPTT (issue 7, docs/deviations.md T6): every row of a batch streams one document piece
 * block by block, in order; the carried {@code StreamState} (CEMA h and TimestepNorm statistics per
 * layer, MODEL.md 1.10) flows from one step to the next as a value, with no gradient through it.
 *
 * <p>Shape glossary: B batch rows, T tokens per block (a multiple of the chunk C), K = T/C chunks,
 * S EMA sub-chunk, H heads, D model dim, Dz/Dv head widths, N EMA order, G norm groups, V vocabulary.
 * Parameters, gradients and optimizer moments are {@link io.megaspark.megalodon.train.HostTensor}s
 * (float32 Java arrays).
 */
package io.megaspark.megalodon.train;
