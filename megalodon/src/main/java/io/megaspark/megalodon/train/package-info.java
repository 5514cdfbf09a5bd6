/**
 * Training MEGALODON models: the optimizer (AdamW with decoupled weight decay), the learning-rate
 * schedule (linear warmup, cosine to a floor), global-norm gradient clipping, the data pipeline for
 * truncated back-propagation through time, checkpoints that resume bit-for-bit, held-out evaluation in
 * bits per byte, the CSV log and the loss-curve PNG.
 *
 * <p>Truncated BPTT (issue 7): every row of a batch streams one document piece block by block, in order;
 * the carried {@code StreamState} (CEMA h and TimestepNorm statistics per layer, MODEL.md 1.10) flows
 * from one step to the next as a value, with no gradient through it.
 *
 * <p>Shape glossary: B batch rows, T tokens per block (a multiple of the chunk C), K = T/C chunks,
 * D model dim, V vocabulary. Parameters, gradients and optimizer moments are {@link
 * io.megaspark.megalodon.train.HostTensor}s (float32 Java arrays) named with the official state-dict
 * names of MODEL.md 1.6.
 */
package io.megaspark.megalodon.train;
