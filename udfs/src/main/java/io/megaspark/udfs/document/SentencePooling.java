package io.megaspark.udfs.document;

import io.megaspark.chunking.text.Sentence;
import java.util.List;

/**
 * Pools final hidden states per sentence while a document streams through the model, in O(S x D) memory
 * for S sentences. A token belongs to the sentence holding its last byte (byte offsets are running sums of
 * the tokens' byte lengths, BOS being zero bytes; the last byte because a BPE token carries the space
 * before its word); tokens between sentences belong to none. Sums are in double in stream order, the same
 * fold as the summarize job's, so the chosen sentences are the same.
 */
final class SentencePooling {
  private final long[] starts;
  private final long[] ends;
  private final double[][] sums;
  private final long[] counts;
  private final double[] document;
  private final int[] tokenBytes;
  private long positions;
  private long byteOffset;
  private int current;

  /**
   * @param tokenBytes the UTF-8 length each token id stands for ({@link TokenByteLengths})
   */
  SentencePooling(List<Sentence> sentences, int dim, int[] tokenBytes) {
    int s = sentences.size();
    starts = new long[s];
    ends = new long[s];
    for (int i = 0; i < s; i++) {
      starts[i] = sentences.get(i).byteStart();
      ends[i] = sentences.get(i).byteEnd();
    }
    sums = new double[s][dim];
    counts = new long[s];
    document = new double[dim];
    this.tokenBytes = tokenBytes;
  }

  /** Adds the hidden states [n][D] of the next n tokens of the stream. */
  void accept(int[] tokens, float[][] hidden, int n) {
    for (int i = 0; i < n; i++) {
      add(document, hidden[i]);
      positions++;
      int len = tokenBytes[tokens[i]];
      if (len == 0) {
        continue;
      }
      long lastByte = byteOffset + len - 1;
      while (current < ends.length && ends[current] <= lastByte) {
        current++;
      }
      if (current < starts.length && starts[current] <= lastByte) {
        add(sums[current], hidden[i]);
        counts[current]++;
      }
      byteOffset += len;
    }
  }

  /** [S][D] each sentence's mean hidden state (zero for a sentence that got no token). */
  double[][] sentences() {
    double[][] out = new double[sums.length][];
    for (int i = 0; i < sums.length; i++) {
      out[i] = sums[i].clone();
      if (counts[i] > 0) {
        divide(out[i], counts[i]);
      }
    }
    return out;
  }

  /** [D] the mean hidden state over every position. */
  double[] document() {
    double[] out = document.clone();
    divide(out, Math.max(1, positions));
    return out;
  }

  private static void add(double[] sum, float[] h) {
    for (int d = 0; d < sum.length; d++) {
      sum[d] += h[d];
    }
  }

  private static void divide(double[] v, long n) {
    for (int d = 0; d < v.length; d++) {
      v[d] /= n;
    }
  }
}
