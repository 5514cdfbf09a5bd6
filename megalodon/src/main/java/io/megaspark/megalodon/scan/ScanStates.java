package io.megaspark.megalodon.scan;

import io.megaspark.megalodon.model.StreamState;

/** Between {@link StreamState} (float32 h) and the scan's float64 summaries. */
public final class ScanStates {
  private ScanStates() {}

  /** Layer l's carried TimestepNorm statistics as the scan's start. */
  public static TimestepNormSummary norm(StreamState s, int layer) {
    return new TimestepNormSummary(s.normCount(layer), s.normMean(layer), s.normVar(layer));
  }

  public static TimestepNormSummary outputNorm(StreamState s) {
    return new TimestepNormSummary(s.outputNormCount(), s.outputNormMean(), s.outputNormVar());
  }

  /** Layer l's carried h as the constant map that starts the CEMA scan. */
  public static EmaSummary ema(StreamState s, int layer) {
    return EmaSummary.constant(toDoubles(s.emaRe(layer)), toDoubles(s.emaIm(layer)));
  }

  /**
   * The state after the document: the scans' totals (their last elements).
   *
   * @param in the state before the first range
   * @param tokens tokens in all ranges
   * @param norms [L] each layer's TimestepNorm total
   * @param emas [L] each layer's CEMA total (a constant map: its b is h)
   */
  public static StreamState after(StreamState in, long tokens, TimestepNormSummary[] norms,
      EmaSummary[] emas, TimestepNormSummary outputNorm) {
    StreamState.Builder b = in.toBuilder().position(in.position() + tokens);
    for (int l = 0; l < norms.length; l++) {
      b.norm(l, norms[l].count(), norms[l].mean(), norms[l].var());
      double[][] h = emas[l].state();
      b.ema(l, toFloats(h[0]), toFloats(h[1]));
    }
    return b.outputNorm(outputNorm.count(), outputNorm.mean(), outputNorm.var()).build();
  }

  static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
