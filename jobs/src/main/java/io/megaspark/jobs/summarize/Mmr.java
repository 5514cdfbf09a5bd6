package io.megaspark.jobs.summarize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maximal marginal relevance (Carbonell and Goldstein, SIGIR 1998): picks k sentences one at a time, each
 * maximizing {@code lambda * sim(s, document) - (1 - lambda) * max over chosen c of sim(s, c)}, with
 * cosine similarity. lambda = 1 takes the k sentences closest to the document; lower values trade
 * relevance for less redundancy.
 */
public final class Mmr {
  private Mmr() {}

  /**
   * @param sentences [S][D] sentence vectors (a zero vector is never chosen before a non-zero one)
   * @param document [D] the document vector
   * @param k how many to choose
   * @param lambda relevance weight in [0, 1]
   * @return the chosen sentence indices in ascending (document) order
   */
  public static int[] select(double[][] sentences, double[] document, int k, double lambda) {
    int s = sentences.length;
    double[] relevance = new double[s];
    for (int i = 0; i < s; i++) {
      relevance[i] = cosine(sentences[i], document);
    }
    double[] redundancy = new double[s];
    Arrays.fill(redundancy, Double.NEGATIVE_INFINITY);
    boolean[] chosen = new boolean[s];
    List<Integer> picked = new ArrayList<>();
    while (picked.size() < Math.min(k, s)) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < s; i++) {
        if (chosen[i]) {
          continue;
        }
        double r = picked.isEmpty() ? 0 : redundancy[i];
        double score = lambda * relevance[i] - (1 - lambda) * r;
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      chosen[best] = true;
      picked.add(best);
      for (int i = 0; i < s; i++) {
        if (!chosen[i]) {
          redundancy[i] = Math.max(redundancy[i], cosine(sentences[i], sentences[best]));
        }
      }
    }
    return picked.stream().mapToInt(Integer::intValue).sorted().toArray();
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
