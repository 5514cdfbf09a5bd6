package io.megaspark.udfs.document;

import java.util.Arrays;

/**
 * Maximal marginal relevance (Carbonell and Goldstein, SIGIR 1998) with cosine similarity: k picks, each
 * the sentence maximizing {@code lambda * sim(s, document) - (1 - lambda) * max over picked p of sim(s, p)}
 * (no redundancy term for the first pick; the first of equal scores wins). lambda = 1 takes the k
 * sentences closest to the document; lower values trade relevance for less repetition.
 */
final class MarginalRelevance {
  private MarginalRelevance() {}

  /**
   * @param sentences [S][D] sentence vectors
   * @param document [D] the document vector
   * @param k picks wanted (at most S are made)
   * @param lambda relevance weight in [0, 1]
   * @return the picked sentence indices, ascending (document order)
   */
  static int[] select(double[][] sentences, double[] document, int k, double lambda) {
    int s = sentences.length;
    int picks = Math.min(k, s);
    double[] relevance = new double[s];
    double[] redundancy = new double[s];
    for (int i = 0; i < s; i++) {
      relevance[i] = cosine(sentences[i], document);
      redundancy[i] = Double.NEGATIVE_INFINITY;
    }
    boolean[] picked = new boolean[s];
    int[] out = new int[picks];
    for (int p = 0; p < picks; p++) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < s; i++) {
        if (!picked[i]) {
          double score = lambda * relevance[i] - (1 - lambda) * (p == 0 ? 0 : redundancy[i]);
          if (score > bestScore) {
            bestScore = score;
            best = i;
          }
        }
      }
      picked[best] = true;
      out[p] = best;
      for (int i = 0; i < s; i++) {
        if (!picked[i]) {
          redundancy[i] = Math.max(redundancy[i], cosine(sentences[i], sentences[best]));
        }
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** Cosine similarity; 0 when either vector is zero. */
  static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
