package io.megaspark.jobs.longdoc;

/**
 * Scoring of a piece of a document from its logits (the scan's last round, reference kernel): the
 * negative log-likelihood of each position's next token, where the piece's last position predicts the
 * first token of the next piece (or nothing at the document's end).
 */
public final class RangeScoring {
  /** No next token: the document's last range. */
  public static final int NONE = -1;

  private RangeScoring() {}

  /**
   * @param nll the summed negative log-likelihood (natural log)
   * @param scored positions that had a target
   */
  public record Score(double nll, long scored) {}

  /**
   * @param logits [T][V]
   * @param targets [T] the token each position predicts, {@link #NONE} for none
   */
  public static Score score(double[][] logits, int[] targets) {
    double nll = 0;
    long scored = 0;
    for (int t = 0; t < targets.length; t++) {
      if (targets[t] != NONE) {
        nll += logSumExp(logits[t]) - logits[t][targets[t]];
        scored++;
      }
    }
    return new Score(nll, scored);
  }

  /**
   * The targets of a run of tokens: position t predicts tokens[t+1], the last one {@code next}.
   *
   * @param next the token after the run, or {@link #NONE}
   */
  public static int[] targets(int[] tokens, int next) {
    int[] t = new int[tokens.length];
    System.arraycopy(tokens, 1, t, 0, tokens.length - 1);
    t[tokens.length - 1] = next;
    return t;
  }

  private static double logSumExp(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (double x : v) {
      sum += Math.exp(x - max);
    }
    return max + Math.log(sum);
  }
}
