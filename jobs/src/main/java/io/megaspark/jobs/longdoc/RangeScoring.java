package io.megaspark.jobs.longdoc;

/**
 * Scoring of one range of a document from its logits (the scan's last round): the negative
 * log-likelihood of each position's next token, where the range's last position predicts the first token
 * of the next range ({@code nextToken}, or nothing for the document's last range).
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
   * @param tokens [T] the range's tokens; position t predicts tokens[t+1]
   */
  public static Score score(double[][] logits, int[] tokens, int nextToken) {
    double nll = 0;
    long scored = 0;
    for (int t = 0; t < tokens.length; t++) {
      int target = t + 1 < tokens.length ? tokens[t + 1] : nextToken;
      if (target == NONE) {
        continue;
      }
      nll += logSumExp(logits[t]) - logits[t][target];
      scored++;
    }
    return new Score(nll, scored);
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
