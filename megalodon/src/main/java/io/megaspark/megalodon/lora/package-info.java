/**
 * LongLoRA fine-tuning (MODEL.md 3): LoRA adapters on the Z, V, R and output projections
 * ({@link io.megaspark.megalodon.lora.LoraAdapters}, merged into plain weights by
 * {@link io.megaspark.megalodon.lora.LoraAdapters#mergeInto}), and shifted sparse attention (S2-Attn),
 * with float64 references that the training graph is tested against.
 *
 * <p>MEGALODON's attention is already chunk-local (MODEL.md 1.4), so S2-Attn applies inside one chunk:
 * to extend the chunk from C to C' = s·C, training runs with chunks of C' split into S2 groups of C
 * (with a RoPE scaling method for positions up to C'), and inference uses full causal attention over
 * chunks of C' (docs/deviations.md).
 *
 * <p>Shape glossary: H heads, N tokens in the attended sequence (one chunk), G S2 group size, d head
 * width, r LoRA rank, in/out the adapted projection's input and output features.
 */
package io.megaspark.megalodon.lora;
