package io.megaspark.megalodon.reference;

/**
 * The normalised feed-forward network (MODEL.md 1.1 step 11), applied to one token after its LayerNorm:
 * {@code W2 (SiLU(W1 u) * W3 u)} with SwiGLU, else {@code W2 SiLU(W1 u)}; no biases; optionally scaled per
 * dimension by alpha, used as stored (not plus-one). The caller adds the residual.
 */
public final class ReferenceFfn {
  private ReferenceFfn() {}

  /**
   * @param u [D] the LayerNorm output
   * @param fc1 [F, D]
   * @param fc2 [D, F]
   * @param fc3 [F, D] or null without SwiGLU
   * @param alpha [D] or null without {@code rescale_nffn}
   * @return [D]
   */
  public static double[] forward(double[] u, double[] fc1, double[] fc2, double[] fc3, double[] alpha,
      int hidden) {
    double[] a = ReferenceMath.silu(ReferenceMath.linear(fc1, null, u, hidden));
    if (fc3 != null) {
      double[] g = ReferenceMath.linear(fc3, null, u, hidden);
      for (int i = 0; i < hidden; i++) {
        a[i] *= g[i];
      }
    }
    double[] y = ReferenceMath.linear(fc2, null, a, u.length);
    if (alpha != null) {
      for (int i = 0; i < y.length; i++) {
        y[i] *= alpha[i];
      }
    }
    return y;
  }
}
