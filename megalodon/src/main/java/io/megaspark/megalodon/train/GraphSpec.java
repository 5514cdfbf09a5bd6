package io.megaspark.megalodon.train;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.lora.LoraConfig;
import java.util.Optional;
import java.util.Set;

/**
 * What one training (or evaluation) graph computes. One graph serves every step of a run.
 *
 * @param config the model
 * @param batch B rows
 * @param blockTokens T tokens per row, a multiple of {@code chunk}
 * @param chunk C, the attention chunk: the config's chunk_size, or a longer one when fine-tuning with
 *     S2-Attn and a RoPE scaling method
 * @param rope rotary frequencies and attention factor
 * @param pattern causal or S2-Attn inside each chunk
 * @param lora adapters on the projections, if any
 * @param trainable names of the tensors (weights or adapters) to differentiate; empty for forward only
 * @param float64 build the graph in float64 (for the finite-difference gradient check)
 */
public record GraphSpec(MegalodonConfig config, int batch, int blockTokens, int chunk, RotaryTable rope,
    AttentionPattern pattern, Optional<LoraConfig> lora, Set<String> trainable, boolean float64) {
  public GraphSpec {
    if (batch <= 0) {
      throw new IllegalArgumentException("batch must be positive: batch=" + batch);
    }
    if (chunk <= 0 || blockTokens <= 0 || blockTokens % chunk != 0) {
      throw new IllegalArgumentException("block_tokens must be a positive multiple of the attention chunk:"
          + " block_tokens=" + blockTokens + ", chunk=" + chunk);
    }
    if (rope.invFreq().length != config.headDimZ() / 2) {
      throw new IllegalArgumentException("rope table must have Dz/2 = " + config.headDimZ() / 2
          + " frequencies, got " + rope.invFreq().length);
    }
    // Ordered: gradient norms are summed in this order, so it must not change between JVMs.
    trainable = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(trainable));
  }

  /**
   * Plain training of every weight with the config's own attention chunk ({@code chunk_size_override} when
   * set) and RoPE ({@code rope_scaling} when set), float32: the chunk and table inference uses.
   */
  public static GraphSpec full(MegalodonConfig c, int batch, int blockTokens, Set<String> trainable) {
    return new GraphSpec(c, batch, blockTokens, c.attentionChunk(), RotaryTable.of(c),
        new AttentionPattern.Causal(), Optional.empty(), trainable, false);
  }

  /** The same graph without gradients (evaluation and the forward-throughput benchmark). */
  public GraphSpec forwardOnly() {
    return new GraphSpec(config, batch, blockTokens, chunk, rope, pattern, lora, Set.of(), float64);
  }

  /** This spec built in float64 (true) or float32 (false). */
  public GraphSpec withFloat64(boolean f64) {
    return new GraphSpec(config, batch, blockTokens, chunk, rope, pattern, lora, trainable, f64);
  }

  /** EMA sub-chunk S: the largest divisor of T not above 64 (a few large matmuls, a short scan). */
  int emaSubChunk() {
    for (int s = Math.min(64, blockTokens); s > 1; s--) {
      if (blockTokens % s == 0) {
        return s;
      }
    }
    return 1;
  }
}
