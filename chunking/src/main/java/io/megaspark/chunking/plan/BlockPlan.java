package io.megaspark.chunking.plan;

import java.util.List;
import java.util.Objects;

/**
 * The result of {@link BlockPlanner}: one {@link PartitionPlan} per partition. Same input, same plan.
 *
 * @param config the settings it was made with
 * @param partitions P plans, index i at position i
 */
public record BlockPlan(PlannerConfig config, List<PartitionPlan> partitions) {
  public BlockPlan {
    Objects.requireNonNull(config, "config");
    partitions = List.copyOf(partitions);
    if (partitions.size() != config.partitions()) {
      throw new IllegalArgumentException(
          "partitions: " + partitions.size() + " plans for " + config.partitions() + " partitions");
    }
  }

  public long totalTokens() {
    return partitions.stream().mapToLong(PartitionPlan::tokens).sum();
  }

  public long maxPartitionTokens() {
    return partitions.stream().mapToLong(PartitionPlan::tokens).max().orElse(0);
  }

  /** Most loaded partition over the mean (1.0 = perfect balance). */
  public double imbalance() {
    double mean = (double) totalTokens() / partitions.size();
    return mean == 0 ? 1.0 : maxPartitionTokens() / mean;
  }

  /** A readable listing: per partition its totals and up to maxPiecesShown pieces. */
  public String listing(int maxPiecesShown) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("plan: %,d tokens in %d partitions, T=%d, imbalance %.3f%n", totalTokens(),
        partitions.size(), config.spec().blockLength(), imbalance()));
    for (PartitionPlan p : partitions) {
      sb.append(String.format("partition %d: %,d tokens, %,d blocks, %d pieces, %,d waves%n", p.index(),
          p.tokens(), p.blocks(), p.pieces().size(), p.waveCount()));
      p.pieces().stream().limit(maxPiecesShown).forEach(piece -> sb.append("  ").append(piece).append('\n'));
      if (p.pieces().size() > maxPiecesShown) {
        sb.append("  ... ").append(p.pieces().size() - maxPiecesShown).append(" more\n");
      }
    }
    return sb.toString();
  }
}
