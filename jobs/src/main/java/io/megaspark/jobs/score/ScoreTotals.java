package io.megaspark.jobs.score;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running score of a document: the sum of -ln p over predicted tokens, overall and per position bucket.
 * Immutable; summing is exact enough in double over billions of tokens (relative error ~1e-16 per add).
 *
 * @param nll sum of -ln p(token | context) over predicted tokens
 * @param predicted number of predicted tokens
 * @param bucketNll [6] the same sum per {@link PositionBuckets} bucket
 * @param bucketCount [6] predicted tokens per bucket
 */
public record ScoreTotals(double nll, long predicted, double[] bucketNll, long[] bucketCount)
    implements java.io.Serializable {
  public static final ScoreTotals ZERO =
      new ScoreTotals(0, 0, new double[PositionBuckets.count()], new long[PositionBuckets.count()]);

  public ScoreTotals {
    if (bucketNll.length != PositionBuckets.count() || bucketCount.length != PositionBuckets.count()) {
      throw new IllegalArgumentException("score buckets: expected " + PositionBuckets.count() + ", got "
          + bucketNll.length + " and " + bucketCount.length);
    }
    bucketNll = bucketNll.clone();
    bucketCount = bucketCount.clone();
  }

  /** These totals plus one prediction of log-probability {@code logProb} at stream position {@code position}. */
  public ScoreTotals plus(long position, double logProb) {
    int b = PositionBuckets.of(position);
    double[] n = bucketNll.clone();
    long[] c = bucketCount.clone();
    n[b] -= logProb;
    c[b]++;
    return new ScoreTotals(nll - logProb, predicted + 1, n, c);
  }

  /** Perplexity exp(nll / predicted); NaN with no predictions. */
  public double ppl() {
    return predicted == 0 ? Double.NaN : Math.exp(nll / predicted);
  }

  /** Bits per UTF-8 byte, nll / ln 2 / bytes; null for an empty text. */
  public Double bitsPerByte(long bytes) {
    return bytes == 0 ? null : nll / Math.log(2) / bytes;
  }

  /** Perplexity per bucket, for buckets with predictions, in bucket order. */
  public Map<String, Double> pplByPosition() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < bucketNll.length; i++) {
      if (bucketCount[i] > 0) {
        out.put(PositionBuckets.LABELS[i], Math.exp(bucketNll[i] / bucketCount[i]));
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreTotals t && nll == t.nll && predicted == t.predicted
        && Arrays.equals(bucketNll, t.bucketNll) && Arrays.equals(bucketCount, t.bucketCount);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(nll) * 31 + Long.hashCode(predicted);
  }

  @Override
  public String toString() {
    return "ScoreTotals[nll=" + nll + ", predicted=" + predicted + ", buckets=" + Arrays.toString(bucketCount) + "]";
  }
}
