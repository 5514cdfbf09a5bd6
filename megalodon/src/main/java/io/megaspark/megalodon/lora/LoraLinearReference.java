package io.megaspark.megalodon.lora;

/**
 * The slow, obviously correct LoRA linear layer in float64 (the test oracle of the adapters and of the
 * merge): {@code y = x·Wᵀ + b + (alpha/rank)·(drop(x)·Aᵀ)·Bᵀ}.
 */
public final class LoraLinearReference {
  private LoraLinearReference() {}

  /**
   * @param x [T][in] inputs
   * @param w (out × in) row-major base weight
   * @param bias [out] or null
   * @param a (rank × in) row-major
   * @param b (out × rank) row-major
   * @param scale alpha / rank
   * @param keep [T][in] dropout multipliers for the adapter input (0 or 1/(1−p)), or null for no dropout
   * @return [T][out]
   */
  public static double[][] forward(
      double[][] x, float[] w, float[] bias, float[] a, float[] b, double scale, double[][] keep) {
    int t = x.length;
    int in = x[0].length;
    int out = w.length / in;
    int rank = a.length / in;
    double[][] y = new double[t][out];
    for (int s = 0; s < t; s++) {
      double[] low = new double[rank];
      for (int k = 0; k < rank; k++) {
        for (int i = 0; i < in; i++) {
          low[k] += a[k * in + i] * x[s][i] * (keep == null ? 1 : keep[s][i]);
        }
      }
      for (int o = 0; o < out; o++) {
        double acc = bias == null ? 0 : bias[o];
        for (int i = 0; i < in; i++) {
          acc += w[o * in + i] * x[s][i];
        }
        for (int k = 0; k < rank; k++) {
          acc += scale * b[o * rank + k] * low[k];
        }
        y[s][o] = acc;
      }
    }
    return y;
  }
}
