package io.megaspark.jobs.passkey;

import io.megaspark.jobs.run.TokenSampler;

/**
 * A "sampler" that teacher-forces the true answer and records, at each answer token, its log-probability
 * and whether it is the most likely token. Greedy decoding reproduces the answer exactly when every answer
 * token is the argmax given the true answer before it (by induction over the tokens: up to the first
 * miss, greedy and teacher-forced contexts are the same), so one teacher-forced pass gives both the exact
 * match of the greedy answer and the likelihood of the true one.
 */
final class AnswerProbe implements TokenSampler {
  private final int[] answer;
  private final double[] logProbs;
  private final int[] argmax;
  private int step;

  /** @param answer the answer's tokens, fed in order */
  AnswerProbe(int[] answer) {
    this.answer = answer.clone();
    this.logProbs = new double[answer.length];
    this.argmax = new int[answer.length];
  }

  @Override
  public int sample(float[] logits) {
    if (step >= answer.length) {
      throw new IllegalStateException("asked for token " + (step + 1) + " of a " + answer.length + "-token answer");
    }
    int best = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] > max) {
        max = logits[i];
        best = i;
      }
    }
    double z = 0;
    for (float x : logits) {
      z += Math.exp(x - max);
    }
    logProbs[step] = logits[answer[step]] - max - Math.log(z);
    argmax[step] = best;
    return answer[step++];
  }

  /** Answer tokens seen so far. */
  int steps() {
    return step;
  }

  /** Mean natural-log probability of the answer tokens. */
  double meanLogProb() {
    double s = 0;
    for (int i = 0; i < step; i++) {
      s += logProbs[i];
    }
    return step == 0 ? Double.NaN : s / step;
  }

  /** Leading answer tokens that greedy decoding reproduces. */
  int greedyMatched() {
    int i = 0;
    while (i < step && argmax[i] == answer[i]) {
      i++;
    }
    return i;
  }

  /** Greedy's tokens up to and including its first miss (after a miss greedy's own path is unknown). */
  int[] greedyPrefix() {
    int n = Math.min(step, greedyMatched() + 1);
    int[] out = new int[n];
    System.arraycopy(argmax, 0, out, 0, n);
    return out;
  }
}
