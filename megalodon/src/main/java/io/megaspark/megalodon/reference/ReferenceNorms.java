package io.megaspark.megalodon.reference;

/**
 * The per-token norms of a MEGALODON block (MODEL.md 1.1). Every affine weight is "plus-one": the stored
 * w scales as (w+1); a null weight means no affine parameters ({@code norm_affine = false}).
 */
public final class ReferenceNorms {
  private ReferenceNorms() {}

  /** {@code x / sqrt(mean(x^2) + eps) * (w+1)}: no mean subtraction, eps inside the root. */
  public static double[] rmsNorm(double[] x, double[] weight, double eps) {
    double ms = 0;
    for (double v : x) {
      ms += v * v;
    }
    double inv = 1 / Math.sqrt(ms / x.length + eps);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * inv * ReferenceMath.plusOne(weight, i);
    }
    return y;
  }

  /** {@code (x - mean) / sqrt(popvar + eps) * (w+1) + b}. */
  public static double[] layerNorm(double[] x, double[] weight, double[] bias, double eps) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    double inv = 1 / Math.sqrt(var / x.length + eps);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (x[i] - mean) * inv * ReferenceMath.plusOne(weight, i) + ReferenceMath.at(bias, i);
    }
    return y;
  }

  /**
   * RMS-normalises each head's contiguous slice of z without affine weights (MODEL.md 1.1 step 4).
   *
   * @param z [H*Dz]
   */
  public static double[] headRmsNorm(double[] z, int heads, double eps) {
    int dz = z.length / heads;
    double[] y = new double[z.length];
    for (int h = 0; h < heads; h++) {
      double[] slice = new double[dz];
      System.arraycopy(z, h * dz, slice, 0, dz);
      System.arraycopy(rmsNorm(slice, null, eps), 0, y, h * dz, dz);
    }
    return y;
  }
}
