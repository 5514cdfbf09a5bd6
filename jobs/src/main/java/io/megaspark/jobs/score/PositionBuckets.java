package io.megaspark.jobs.score;

/**
 * The position buckets of {@code ppl_by_position}: 0-1K, 1K-4K, 4K-16K, 16K-64K, 64K-256K, 256K+ (K =
 * 1024 tokens). A prediction's position is the stream position of the predicted token (the first text
 * token is position 1, after BOS), i.e. how much context the model had.
 */
public final class PositionBuckets {
  /** Bucket labels, in order (the keys of the {@code ppl_by_position} map). */
  public static final String[] LABELS = {"0-1K", "1K-4K", "4K-16K", "16K-64K", "64K-256K", "256K+"};

  private static final long[] UPPER = {1L << 10, 1L << 12, 1L << 14, 1L << 16, 1L << 18};

  private PositionBuckets() {}

  /** The bucket index of a predicted token's stream position. */
  public static int of(long position) {
    for (int i = 0; i < UPPER.length; i++) {
      if (position < UPPER[i]) {
        return i;
      }
    }
    return UPPER.length;
  }

  /** Number of buckets. */
  public static int count() {
    return LABELS.length;
  }
}
