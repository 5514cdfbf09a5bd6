package io.megaspark.jobs.score;

import io.megaspark.jobs.run.BlockResult;
import io.megaspark.jobs.run.Piece;

/**
 * Folds the target log-probabilities of a document's pieces into {@link ScoreTotals}, keeping the EOS
 * term (the last position's prediction) apart: an incremental run stores the totals without it, because
 * the next run replaces EOS with the appended text (DESIGN.md, mode 3).
 */
public final class ScoreAccumulator {
  private double nll;
  private long predicted;
  private final double[] bucketNll = new double[PositionBuckets.count()];
  private final long[] bucketCount = new long[PositionBuckets.count()];
  private double eosLogProb = Double.NaN;
  private long eosPosition = -1;

  /** Starts from stored totals (a continued document) or {@link ScoreTotals#ZERO}. */
  public ScoreAccumulator(ScoreTotals start) {
    nll = start.nll();
    predicted = start.predicted();
    System.arraycopy(start.bucketNll(), 0, bucketNll, 0, bucketNll.length);
    System.arraycopy(start.bucketCount(), 0, bucketCount, 0, bucketCount.length);
  }

  /** Adds the scored positions of one piece (row {@code row} of {@code out}). */
  public void accept(Piece piece, BlockResult<?> out, int row) {
    float[] lp = out.targetLogProbs()[row];
    int[] targets = piece.targets();
    int n = piece.length();
    int lastScored = piece.last() ? n - 1 : n;
    for (int i = 0; i < lastScored; i++) {
      if (targets[i] >= 0) {
        add(piece.position() + i + 1, lp[i]);
      }
    }
    if (piece.last()) {
      eosLogProb = lp[n - 1];
      eosPosition = piece.position() + n;
    }
  }

  private void add(long position, double logProb) {
    int b = PositionBuckets.of(position);
    nll -= logProb;
    bucketNll[b] -= logProb;
    bucketCount[b]++;
    predicted++;
  }

  /** Totals without the EOS term: what the state store keeps. */
  public ScoreTotals withoutEos() {
    return new ScoreTotals(nll, predicted, bucketNll, bucketCount);
  }

  /** Totals with the EOS term: what a run reports. */
  public ScoreTotals withEos() {
    if (eosPosition < 0) {
      throw new IllegalStateException("the stream's last piece has not been folded yet");
    }
    return withoutEos().plus(eosPosition, eosLogProb);
  }
}
