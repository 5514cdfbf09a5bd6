package io.megaspark.megalodon.reference;

/**
 * TimestepNorm (MODEL.md 1.3): group normalisation over time with running statistics carried from the
 * past. For each non-padded step the step's own group moments (mean m_t, population variance v_t over the
 * D/G features) are merged into (n, mean, var) as a sample of weight 1 (Chan/Welford), and the step is
 * normalised with the statistics that include it. Padded steps output 0 and leave the state alone.
 */
public final class ReferenceTimestepNorm {
  private ReferenceTimestepNorm() {}

  /**
   * Carried statistics of one document.
   *
   * @param count timesteps seen (shared by all groups)
   * @param mean [G] running mean
   * @param var [G] running population variance
   */
  public record State(long count, double[] mean, double[] var) {
    public static State initial(int groups) {
      return new State(0, new double[groups], new double[groups]);
    }
  }

  /**
   * @param y [T][D] normalised output
   * @param state the statistics after the last non-padded step
   */
  public record Output(double[][] y, State state) {}

  /**
   * @param x [T][D] input
   * @param padding [T] true for padded steps, or null for none
   * @param in carried statistics
   * @param weight [D] plus-one weight, or null (no affine)
   * @param bias [D] or null
   * @param groups G; group g holds features [g*D/G, (g+1)*D/G)
   * @param eps inside the square root
   */
  public static Output forward(double[][] x, boolean[] padding, State in, double[] weight,
      double[] bias, int groups, double eps) {
    int t = x.length;
    long n = in.count();
    double[] mean = in.mean().clone();
    double[] var = in.var().clone();
    double[][] y = new double[t][];
    for (int s = 0; s < t; s++) {
      int d = x[s].length;
      y[s] = new double[d];
      if (padding != null && padding[s]) {
        continue; // output 0, statistics unchanged
      }
      int dg = d / groups;
      double n1 = n + 1;
      for (int g = 0; g < groups; g++) {
        double m = 0;
        for (int k = g * dg; k < (g + 1) * dg; k++) {
          m += x[s][k];
        }
        m /= dg;
        double v = 0;
        for (int k = g * dg; k < (g + 1) * dg; k++) {
          v += (x[s][k] - m) * (x[s][k] - m);
        }
        v /= dg;
        // Chan merge of (n, mean, var) with (1, m, v)
        double delta = m - mean[g];
        double newMean = mean[g] + delta / n1;
        var[g] = (n * var[g] + v) / n1 + n / (n1 * n1) * delta * delta;
        mean[g] = newMean;
        double inv = 1 / Math.sqrt(var[g] + eps);
        for (int k = g * dg; k < (g + 1) * dg; k++) {
          y[s][k] = (x[s][k] - mean[g]) * inv * ReferenceMath.plusOne(weight, k)
              + ReferenceMath.at(bias, k);
        }
      }
      n++;
    }
    return new Output(y, new State(n, mean, var));
  }
}
