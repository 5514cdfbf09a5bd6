package io.megaspark.megalodon.train;

/**
 * Global-norm gradient clipping (Pascanu et al. 2013; the paper clips at 1.0, MODEL.md 1.5): when the
 * L2 norm over all gradients exceeds {@code maxNorm}, every gradient is scaled by {@code maxNorm/norm}.
 */
public final class GradientClipping {
  private GradientClipping() {}

  /** The L2 norm over every scalar of every tensor, summed in float64 in the set's order. */
  public static double globalNorm(ParameterSet grads) {
    double sum = 0;
    for (var e : grads.entries()) {
      for (float g : e.getValue().values()) {
        sum += (double) g * g;
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * Scales the gradients in place so their global norm is at most {@code maxNorm}.
   *
   * @return the norm before clipping (what the training log reports)
   */
  public static double clip(ParameterSet grads, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("clip norm must be positive: clip=" + maxNorm);
    }
    double norm = globalNorm(grads);
    if (!Double.isFinite(norm)) {
      throw new IllegalStateException("gradient norm is not finite (" + norm + "): training diverged");
    }
    if (norm > maxNorm) {
      float scale = (float) (maxNorm / norm);
      for (var e : grads.entries()) {
        float[] g = e.getValue().values();
        for (int i = 0; i < g.length; i++) {
          g[i] *= scale;
        }
      }
    }
    return norm;
  }
}
