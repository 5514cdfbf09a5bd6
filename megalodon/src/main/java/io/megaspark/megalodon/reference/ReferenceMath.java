package io.megaspark.megalodon.reference;

/** Small float64 helpers shared by the reference layers. */
final class ReferenceMath {
  private ReferenceMath() {}

  /** {@code y = W x + b}; W is row-major [out][in] as PyTorch stores it; b may be null. */
  static double[] linear(double[] w, double[] b, double[] x, int out) {
    int in = x.length;
    if (w.length != out * in) {
      throw new IllegalArgumentException("linear: weight has " + w.length + " values, expected "
          + out + " x " + in);
    }
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double s = b == null ? 0 : b[o];
      int row = o * in;
      for (int i = 0; i < in; i++) {
        s += w[row + i] * x[i];
      }
      y[o] = s;
    }
    return y;
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double silu(double x) {
    return x * sigmoid(x);
  }

  static double[] silu(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = silu(x[i]);
    }
    return y;
  }

  static double[] toDoubles(float[] f) {
    if (f == null) {
      return null;
    }
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

  /** The plus-one scale of a norm weight (MODEL.md 1.1): {@code w+1}, or 1 without affine weights. */
  static double plusOne(double[] w, int i) {
    return w == null ? 1.0 : w[i] + 1.0;
  }

  static double at(double[] b, int i) {
    return b == null ? 0.0 : b[i];
  }
}
