package io.megaspark.jobs.summarize;

import io.megaspark.chunking.text.Sentence;
import java.util.List;

/**
 * Sums the model's final hidden states per sentence as a document streams by. A token belongs to the
 * sentence that contains its last byte (token byte offsets are the running sum of the tokens' byte
 * lengths, BOS being zero bytes; the last byte, because BPE tokens carry the space before a word);
 * tokens between sentences (whitespace) belong to none. The document
 * vector is the mean over every position. Memory: S x D doubles for S sentences.
 */
final class SentenceVectors {
  private final long[] starts;
  private final long[] ends;
  private final double[][] sums;
  private final long[] counts;
  private final double[] document;
  private final int[] tokenBytes;
  private long documentCount;
  private long byteOffset;
  private int sentence;

  SentenceVectors(List<Sentence> sentences, int dim, int[] tokenBytes) {
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

  /** Folds the hidden states [n][D] of n tokens that follow the ones already folded. */
  void accept(int[] tokens, float[][] hidden, int n) {
    for (int i = 0; i < n; i++) {
      float[] h = hidden[i];
      for (int d = 0; d < document.length; d++) {
        document[d] += h[d];
      }
      documentCount++;
      int len = tokenBytes[tokens[i]];
      if (len > 0) {
        long last = byteOffset + len - 1;
        while (sentence < starts.length && ends[sentence] <= last) {
          sentence++;
        }
        if (sentence < starts.length && starts[sentence] <= last) {
          double[] sum = sums[sentence];
          for (int d = 0; d < sum.length; d++) {
            sum[d] += h[d];
          }
          counts[sentence]++;
        }
        byteOffset += len;
      }
    }
  }

  /** [S][D] mean hidden state of each sentence (zero for a sentence without tokens). */
  double[][] sentences() {
    double[][] out = new double[sums.length][];
    for (int i = 0; i < sums.length; i++) {
      out[i] = sums[i].clone();
      if (counts[i] > 0) {
        for (int d = 0; d < out[i].length; d++) {
          out[i][d] /= counts[i];
        }
      }
    }
    return out;
  }

  /** [D] mean hidden state over every position. */
  double[] document() {
    double[] out = document.clone();
    for (int d = 0; d < out.length; d++) {
      out[d] /= Math.max(1, documentCount);
    }
    return out;
  }
}
