package io.megaspark.megalodon.train;

import java.util.List;

/**
 * Accumulates cross-entropy by the target's position in its document, in the buckets of the README's
 * table: [0, 1K), [1K, 4K), [4K, 16K), [16K, 64K), [64K, 256K), [256K, ∞) tokens. With the byte
 * tokenizer one token is one byte, so bits per token in a bucket are bits per byte.
 */
public final class PositionBuckets {
  /** Lower bounds of the buckets, in tokens. */
  public static final long[] LOWER = {0, 1L << 10, 4L << 10, 16L << 10, 64L << 10, 256L << 10};
  /** Labels of the buckets, in order. */
  public static final List<String> LABELS = List.of("0-1K", "1K-4K", "4K-16K", "16K-64K", "64K-256K", "256K+");

  private final double[] nats = new double[LOWER.length];
  private final long[] counts = new long[LOWER.length];

  /** The bucket of a target at this 0-based position. */
  public static int bucketOf(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0: position=" + position);
    }
    int b = 0;
    while (b + 1 < LOWER.length && position >= LOWER[b + 1]) {
      b++;
    }
    return b;
  }

  /** Adds one target's negative log-likelihood (nats). */
  public void add(long position, double negLogLikelihood) {
    int b = bucketOf(position);
    nats[b] += negLogLikelihood;
    counts[b]++;
  }

  /** Adds another accumulator's sums into this one. */
  public void addAll(PositionBuckets other) {
    for (int b = 0; b < LOWER.length; b++) {
      nats[b] += other.nats[b];
      counts[b] += other.counts[b];
    }
  }

  public long count(int bucket) {
    return counts[bucket];
  }

  /** Mean bits per token in a bucket, or NaN when it is empty. */
  public double bitsPerToken(int bucket) {
    return counts[bucket] == 0 ? Double.NaN : nats[bucket] / counts[bucket] / Math.log(2);
  }

  /** Total nats over all buckets. */
  public double totalNats() {
    double s = 0;
    for (double n : nats) {
      s += n;
    }
    return s;
  }

  public long totalCount() {
    long s = 0;
    for (long c : counts) {
      s += c;
    }
    return s;
  }
}
