package io.megaspark.jobs.run;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Where each document runs: its partition and its rank inside it. Broadcast to executors; documents are
 * shuffled to their partition with key {@code partition << 32 | rank} and sorted by it.
 *
 * @param partitions the number of partitions
 * @param ordinals the planned documents' input ordinals, ascending
 * @param partition [n] each document's partition
 * @param rank [n] each document's place in its partition's order
 */
public record Plan(int partitions, long[] ordinals, int[] partition, int[] rank) implements Serializable {
  public Plan {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions: got " + partitions + ", must be at least 1");
    }
    if (partition.length != ordinals.length || rank.length != ordinals.length) {
      throw new IllegalArgumentException("plan arrays differ in length");
    }
  }

  /** The shuffle key of a document, or -1 when it is not planned (a skipped record). */
  public long key(long ordinal) {
    int i = Arrays.binarySearch(ordinals, ordinal);
    return i < 0 ? -1 : (long) partition[i] << 32 | rank[i];
  }

  /** Number of planned documents. */
  public int documents() {
    return ordinals.length;
  }
}
