package io.megaspark.jobs.generate;

import io.megaspark.jobs.run.TokenSampler;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Greedy, temperature, top-k and top-p (nucleus) sampling over one position's logits, with its own seeded
 * random stream. Work is O(V log V) per generated token (a sort for top-k/top-p), next to a model call of
 * O(C) tokens.
 */
public final class Sampler implements TokenSampler {
  private final Sampling sampling;
  private final SplittableRandom random;

  Sampler(Sampling sampling, long seed) {
    this.sampling = sampling;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public int sample(float[] logits) {
    if (sampling.temperature() == 0) {
      return argmax(logits);
    }
    int v = logits.length;
    Integer[] order = new Integer[v];
    for (int i = 0; i < v; i++) {
      order[i] = i;
    }
    // Most likely first; ties by id, so the result is deterministic.
    Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
    int keep = sampling.topK() > 0 ? Math.min(sampling.topK(), v) : v;
    double max = logits[order[0]] / sampling.temperature();
    double[] p = new double[keep];
    double total = 0;
    for (int i = 0; i < keep; i++) {
      p[i] = Math.exp(logits[order[i]] / sampling.temperature() - max);
      total += p[i];
    }
    if (sampling.topP() < 1) {
      double cum = 0;
      int nucleus = 0;
      while (nucleus < keep && cum < sampling.topP() * total) {
        cum += p[nucleus++];
      }
      keep = Math.max(1, nucleus);
      total = cum;
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < keep; i++) {
      u -= p[i];
      if (u < 0) {
        return order[i];
      }
    }
    return order[keep - 1];
  }

  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }
}
