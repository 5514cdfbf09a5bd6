package io.megaspark.megalodon.train;

import io.megaspark.megalodon.lora.S2Config;
import io.megaspark.megalodon.lora.ShiftedSparseAttentionReference;

/**
 * Which keys each query attends to inside one attention chunk.
 *
 * <ul>
 *   <li>{@link Causal}: MEGALODON's block-diagonal causal attention, every head (MODEL.md 1.4);
 *   <li>{@link ShiftedSparse}: LongLoRA's S2-Attn inside the chunk (MODEL.md 3, docs/deviations.md T1),
 *       used when fine-tuning towards a longer chunk.
 * </ul>
 */
public sealed interface AttentionPattern {
  /** mask[h][t][s]: query t of head h sees key s, for a chunk of {@code chunk} tokens. */
  boolean[][][] mask(int heads, int chunk);

  /** Plain causal attention within the chunk. */
  record Causal() implements AttentionPattern {
    @Override
    public boolean[][][] mask(int heads, int chunk) {
      boolean[][][] m = new boolean[heads][chunk][chunk];
      for (int h = 0; h < heads; h++) {
        for (int t = 0; t < chunk; t++) {
          for (int s = 0; s <= t; s++) {
            m[h][t][s] = true;
          }
        }
      }
      return m;
    }
  }

  /** S2-Attn with these settings; the mask is the float64 reference's receptive field. */
  record ShiftedSparse(S2Config s2) implements AttentionPattern {
    @Override
    public boolean[][][] mask(int heads, int chunk) {
      return ShiftedSparseAttentionReference.receptiveField(heads, chunk, s2);
    }
  }
}
