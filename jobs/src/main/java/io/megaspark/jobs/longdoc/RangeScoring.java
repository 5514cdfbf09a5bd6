package io.megaspark.jobs.longdoc;

import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceOutput;
import java.util.Arrays;

/**
 * Scoring of one range of a document: the negative log-likelihood of each position's next token, where
 * the range's last position predicts the first token of the next range ({@code nextToken}, or nothing
 * for the document's last range).
 */
public final class RangeScoring {
  /** No next token: the document's last range. */
  public static final int NONE = -1;

  private RangeScoring() {}

  /**
   * @param nll the summed negative log-likelihood (natural log)
   * @param scored positions that had a target
   * @param state the state after the range (null when not computed here)
   */
  public record Score(double nll, long scored, StreamState state) {}

  /**
   * Runs the range through the reference from {@code in} (single and relay modes), block by block with
   * the state carried between blocks (DESIGN.md mode 1), so memory is bounded by the block.
   *
   * @param blockTokens tokens per model call, a multiple of the chunk size
   */
  public static Score run(ReferenceModel model, StreamState in, int[] tokens, int nextToken,
      int blockTokens) {
    StreamState state = in;
    double nll = 0;
    long scored = 0;
    for (int from = 0; from < tokens.length; from += blockTokens) {
      int to = Math.min(tokens.length, from + blockTokens);
      int[] block = Arrays.copyOfRange(tokens, from, to);
      ReferenceOutput out = model.forward(state, block);
      Score s = score(out.logits(), block, to < tokens.length ? tokens[to] : nextToken);
      nll += s.nll();
      scored += s.scored();
      state = out.state();
    }
    return new Score(nll, scored, state);
  }

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
    return new Score(nll, scored, null);
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
