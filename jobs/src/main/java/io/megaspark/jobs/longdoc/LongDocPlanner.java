package io.megaspark.jobs.longdoc;

import io.megaspark.megalodon.scan.DocumentRanges;

/**
 * Chooses, per document, single task, ordered relay or layer-wise scan, and its ranges. Pure logic.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>a document of at most {@code --max-tokens-per-task} tokens, or any document under
 *       {@code single}, runs in one task;
 *   <li>otherwise it is split into at least {@code ceil(chunks / maxChunksPerTask)} ranges, so no task
 *       holds more than the maximum (memory per task stays bounded);
 *   <li>{@code relay} uses that minimum (fewest hand-offs);
 *   <li>{@code scan} uses at least one range per core, since its ranges run at the same time; a memory
 *       that cannot scan ({@link MemoryMode#scans()}) falls back to relay;
 *   <li>{@code auto} scans when the document is the job's critical path (its tokens exceed a fair share
 *       {@code totalTokens / cores}, so relaying it would leave cores idle while it finishes) and the
 *       cluster has more than one core; otherwise it relays, which does no extra work: the scan costs
 *       one more TimestepNorm and CEMA pass per layer and 2 Spark jobs per layer.
 * </ol>
 */
public final class LongDocPlanner {
  private LongDocPlanner() {}

  /**
   * The cluster and the job as the planner sees them.
   *
   * @param cores task slots ({@code defaultParallelism})
   * @param totalTokens tokens of every document in the job
   */
  public record Cluster(int cores, long totalTokens) {
    public Cluster {
      if (cores < 1 || totalTokens < 0) {
        throw new IllegalArgumentException("cores must be positive and totalTokens non-negative: cores="
            + cores + ", totalTokens=" + totalTokens);
      }
    }
  }

  /**
   * @param length the document's tokens, at least 1
   * @param chunk the model's chunk size
   */
  public static LongDocPlan plan(long length, int chunk, LongDocOptions options, Cluster cluster,
      MemoryMode memory) {
    if (length < 1 || chunk < 1) {
      throw new IllegalArgumentException("length and chunk must be positive: length=" + length
          + ", chunk=" + chunk);
    }
    if (options.mode() == LongDocMode.SINGLE) {
      return single(length, chunk, "--long-doc-mode=single");
    }
    if (length <= options.maxTokensPerTask()) {
      return single(length, chunk, length + " tokens fit --max-tokens-per-task="
          + options.maxTokensPerTask());
    }
    long chunks = (length + chunk - 1) / chunk;
    long maxChunks = Math.max(1, options.maxTokensPerTask() / chunk);
    int minRanges = (int) Math.min(Integer.MAX_VALUE, (chunks + maxChunks - 1) / maxChunks);
    int scanRanges = (int) Math.min(chunks, Math.max(minRanges, cluster.cores()));
    String split = length + " tokens > --max-tokens-per-task=" + options.maxTokensPerTask();
    return switch (options.mode()) {
      case RELAY -> relay(length, chunk, minRanges, split + ", --long-doc-mode=relay");
      case SCAN -> memory.scans()
          ? scan(length, chunk, scanRanges, split + ", --long-doc-mode=scan")
          : relay(length, chunk, minRanges, split + ", --long-doc-mode=scan but " + memory.whyRelay()
              + ": relay instead");
      default -> auto(length, chunk, cluster, memory, minRanges, scanRanges, split);
    };
  }

  private static LongDocPlan auto(long length, int chunk, Cluster cluster, MemoryMode memory,
      int minRanges, int scanRanges, String split) {
    if (!memory.scans()) {
      return relay(length, chunk, minRanges, split + ", " + memory.whyRelay() + ": relay");
    }
    boolean criticalPath = (double) length * cluster.cores() > cluster.totalTokens();
    if (criticalPath && cluster.cores() > 1 && scanRanges > 1) {
      return scan(length, chunk, scanRanges, split + ", and the document is the job's critical path ("
          + length + " x " + cluster.cores() + " cores > " + cluster.totalTokens() + " tokens): scan");
    }
    return relay(length, chunk, minRanges, split + ", other documents keep the " + cluster.cores()
        + " cores busy: relay");
  }

  private static LongDocPlan single(long length, int chunk, String reason) {
    return new LongDocPlan(LongDocMode.SINGLE, DocumentRanges.even(length, chunk, 1), reason);
  }

  private static LongDocPlan relay(long length, int chunk, int ranges, String reason) {
    return new LongDocPlan(LongDocMode.RELAY, DocumentRanges.even(length, chunk, ranges),
        reason + " over " + ranges + " ranges");
  }

  private static LongDocPlan scan(long length, int chunk, int ranges, String reason) {
    return new LongDocPlan(LongDocMode.SCAN, DocumentRanges.even(length, chunk, ranges),
        reason + " over " + ranges + " ranges");
  }
}
