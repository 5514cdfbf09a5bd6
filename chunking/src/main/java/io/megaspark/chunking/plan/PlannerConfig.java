package io.megaspark.chunking.plan;

import io.megaspark.chunking.block.BlockSpec;
import java.util.Objects;

/**
 * Settings of {@link BlockPlanner}.
 *
 * @param partitions P, partitions to fill
 * @param spec the block shape (T tokens per block)
 * @param splitAboveTokens documents with more tokens than this are cut into contiguous ranges of whole
 *     blocks, at most this many tokens each, that may land in different partitions (DESIGN.md mode 2);
 *     {@link Long#MAX_VALUE} never cuts. Must be at least one block.
 */
public record PlannerConfig(int partitions, BlockSpec spec, long splitAboveTokens) {
  public PlannerConfig {
    Objects.requireNonNull(spec, "spec");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions: " + partitions + ", must be >= 1");
    }
    if (splitAboveTokens < spec.blockLength()) {
      throw new IllegalArgumentException("splitAboveTokens: " + splitAboveTokens
          + ", must be >= the block length " + spec.blockLength());
    }
  }

  /** Never cuts a document: every document stays whole in one partition (DESIGN.md mode 1). */
  public static PlannerConfig wholeDocuments(int partitions, BlockSpec spec) {
    return new PlannerConfig(partitions, spec, Long.MAX_VALUE);
  }

  /** The most blocks one range of a cut document holds. */
  long maxBlocksPerRange() {
    return splitAboveTokens / spec.blockLength();
  }
}
