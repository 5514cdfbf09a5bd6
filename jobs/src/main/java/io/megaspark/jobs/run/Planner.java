package io.megaspark.jobs.run;

import io.megaspark.jobs.input.DocumentCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Chooses partitions from token counts: longest documents first, each to the least loaded partition (LPT
 * scheduling, within 4/3 of the best balance), and inside a partition in that order, so the longest
 * documents start first and the batch stays full while the short ones fill in around them.
 */
public final class Planner {
  private Planner() {}

  /**
   * @param documents the documents to run, in input order
   * @param partitions the partitions wanted (fewer when there are fewer documents)
   */
  public static Plan plan(List<DocumentCount> documents, int partitions) {
    int n = documents.size();
    int p = Math.max(1, Math.min(partitions, n));
    List<DocumentCount> byLength = new ArrayList<>(documents);
    byLength.sort(Comparator.comparingLong(DocumentCount::tokens).reversed()
        .thenComparingLong(DocumentCount::ordinal));
    PriorityQueue<long[]> load = new PriorityQueue<>(
        Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
    for (int i = 0; i < p; i++) {
      load.add(new long[] {0, i, 0});
    }
    long[] ordinals = new long[n];
    for (int i = 0; i < n; i++) {
      ordinals[i] = documents.get(i).ordinal();
    }
    java.util.Arrays.sort(ordinals);
    int[] partition = new int[n];
    int[] rank = new int[n];
    for (DocumentCount d : byLength) {
      long[] least = load.poll();
      int i = java.util.Arrays.binarySearch(ordinals, d.ordinal());
      partition[i] = (int) least[1];
      rank[i] = (int) least[2]++;
      least[0] += d.tokens() + 1;
      load.add(least);
    }
    return new Plan(p, ordinals, partition, rank);
  }
}
