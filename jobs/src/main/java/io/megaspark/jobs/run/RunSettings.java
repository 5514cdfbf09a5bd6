package io.megaspark.jobs.run;

/**
 * How the runner batches and carries state.
 *
 * @param blockTokens T, tokens per block: a positive multiple of the model's chunk size
 * @param batchSize the number of documents open at once (rows per model call)
 * @param carryState carry each document's state from block to block; false resets it at every block
 *     (the ablation that shows what carried state buys)
 */
public record RunSettings(int blockTokens, int batchSize, boolean carryState) implements java.io.Serializable {
  public RunSettings {
    if (blockTokens < 1) {
      throw new IllegalArgumentException("block-tokens: got " + blockTokens + ", must be at least 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch-size: got " + batchSize + ", must be at least 1");
    }
  }
}
