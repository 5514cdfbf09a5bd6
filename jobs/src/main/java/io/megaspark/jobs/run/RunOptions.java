package io.megaspark.jobs.run;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.OptionValues;
import io.megaspark.jobs.input.OnBadRecord;
import java.io.Serializable;
import java.util.Objects;

/**
 * Settings every streaming job shares (the Java API's options; the CLI builds them from {@link
 * JobOptions}).
 *
 * @param partitions partitions of the run stage; 0 = Spark's default parallelism
 * @param blockTokens T, tokens per block, a multiple of the model's chunk size; 0 = the largest multiple
 *     of the chunk size up to 2048
 * @param batchSize documents open at once per partition (rows per model call)
 * @param carryState carry state from block to block (false: reset at every block, the ablation)
 * @param onBadRecord what to do with bad records
 * @param idField the id column of a Dataset, JSONL or Parquet input
 * @param textField the text column of a Dataset, JSONL or Parquet input
 */
public record RunOptions(int partitions, int blockTokens, int batchSize, boolean carryState, OnBadRecord onBadRecord,
    String idField, String textField) implements Serializable {
  public RunOptions {
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions: got " + partitions + ", must be >= 0 (0 = automatic)");
    }
    if (blockTokens < 0) {
      throw new IllegalArgumentException("block-tokens: got " + blockTokens + ", must be >= 0 (0 = automatic)");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch-size: got " + batchSize + ", must be at least 1");
    }
    Objects.requireNonNull(onBadRecord, "onBadRecord");
    Objects.requireNonNull(idField, "idField");
    Objects.requireNonNull(textField, "textField");
  }

  /** Automatic partitions and block size, batch 8, carried state, fail on bad records, columns id and text. */
  public static RunOptions defaults() {
    return new RunOptions(0, 0, 8, true, OnBadRecord.FAIL, "id", "text");
  }

  /** From resolved option values. */
  public static RunOptions from(OptionValues v) {
    return new RunOptions(v.integer(JobOptions.PARTITIONS, 0, 1 << 20), v.integer(JobOptions.BLOCK_TOKENS, 0, 1 << 24),
        v.integer(JobOptions.BATCH_SIZE, 1, 4096), v.bool(JobOptions.CARRY_STATE),
        OnBadRecord.parse(v.string(JobOptions.ON_BAD_RECORD)), v.string(JobOptions.ID_FIELD),
        v.string(JobOptions.TEXT_FIELD));
  }

  public RunOptions withPartitions(int p) {
    return new RunOptions(p, blockTokens, batchSize, carryState, onBadRecord, idField, textField);
  }

  public RunOptions withBlockTokens(int t) {
    return new RunOptions(partitions, t, batchSize, carryState, onBadRecord, idField, textField);
  }

  public RunOptions withBatchSize(int b) {
    return new RunOptions(partitions, blockTokens, b, carryState, onBadRecord, idField, textField);
  }

  public RunOptions withCarryState(boolean c) {
    return new RunOptions(partitions, blockTokens, batchSize, c, onBadRecord, idField, textField);
  }

  public RunOptions withOnBadRecord(OnBadRecord o) {
    return new RunOptions(partitions, blockTokens, batchSize, carryState, o, idField, textField);
  }

  /** The block size for a model with chunk size {@code chunk}. */
  public int blockTokensFor(int chunk) {
    return blockTokensFor(chunk, "the model's chunk size " + chunk);
  }

  /**
   * The block size for attention chunk {@code chunk}; {@code chunkName} says where the chunk comes from (the
   * model's config or {@code --chunk-size}) in the message when the block is not a multiple of it.
   */
  public int blockTokensFor(int chunk, String chunkName) {
    if (blockTokens == 0) {
      return Math.max(chunk, 2048 / chunk * chunk);
    }
    if (blockTokens % chunk != 0) {
      throw io.megaspark.jobs.JobErrors.badOption(JobOptions.BLOCK_TOKENS, String.valueOf(blockTokens),
          "a multiple of " + chunkName + " (blocks end on chunk boundaries, so no attention state is carried"
              + " between blocks)");
    }
    return blockTokens;
  }
}
