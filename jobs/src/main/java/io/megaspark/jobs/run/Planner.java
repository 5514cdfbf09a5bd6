package io.megaspark.jobs.run;

import io.megaspark.chunking.block.BlockSpec;
import io.megaspark.chunking.plan.BlockPlan;
import io.megaspark.chunking.plan.BlockPlanner;
import io.megaspark.chunking.plan.DocumentLength;
import io.megaspark.chunking.plan.DocumentPiece;
import io.megaspark.chunking.plan.PartitionPlan;
import io.megaspark.chunking.plan.PlannerConfig;
import io.megaspark.jobs.input.DocumentCount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses partitions from token counts with chunking's {@link BlockPlanner}: longest documents first, each
 * to the least loaded partition (balance within the largest document), whole documents only (DESIGN.md
 * mode 1), and inside a partition the planner's wave order (most blocks first), so the longest documents
 * start first and short ones fill the batch around them.
 */
public final class Planner {
  private Planner() {}

  /**
   * @param documents the documents to run, in input order, with unique ids
   * @param partitions the partitions wanted (fewer when there are fewer documents)
   * @param chunk the model's chunk size C
   * @param blockTokens T, a multiple of C
   */
  public static Plan plan(List<DocumentCount> documents, int partitions, int chunk, int blockTokens) {
    int n = documents.size();
    int p = Math.max(1, Math.min(partitions, n));
    List<DocumentLength> lengths = new ArrayList<>(n);
    Map<String, Long> ordinalOf = new HashMap<>();
    for (DocumentCount d : documents) {
      lengths.add(new DocumentLength(d.docId(), d.tokens() + 2));
      ordinalOf.put(d.docId(), d.ordinal());
    }
    BlockPlan plan = new BlockPlanner(PlannerConfig.wholeDocuments(p, new BlockSpec(chunk, blockTokens / chunk)))
        .plan(lengths);
    long[] ordinals = new long[n];
    for (int i = 0; i < n; i++) {
      ordinals[i] = documents.get(i).ordinal();
    }
    Arrays.sort(ordinals);
    int[] partition = new int[n];
    int[] rank = new int[n];
    for (PartitionPlan part : plan.partitions()) {
      int r = 0;
      for (DocumentPiece piece : part.pieces()) {
        int i = Arrays.binarySearch(ordinals, ordinalOf.get(piece.docId()));
        partition[i] = part.index();
        rank[i] = r++;
      }
    }
    return new Plan(p, ordinals, partition, rank);
  }
}
