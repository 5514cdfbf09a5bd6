package io.megaspark.megalodon.scan;

import io.megaspark.megalodon.reference.ReferenceEma;

/**
 * The part of a range's CEMA output that comes from its incoming state (MODEL.md 1.2, "bias"): by
 * linearity the output from an incoming h equals the output from zero plus
 * {@code bias_t = Re(sum_n eta_n q_n^{t+1} h_n)}, t = 0..L-1 counted inside the range. The skip term
 * {@code omega x} does not depend on h, so it is already in the zero-state output.
 */
public final class EmaCorrection {
  private EmaCorrection() {}

  /**
   * @param hRe [D*N] incoming h, real part
   * @param hIm [D*N] imaginary part
   * @param length L
   * @return [L][D] the bias of every step
   */
  public static double[][] bias(ReferenceEma.Coefficients c, double[] hRe, double[] hIm, int length) {
    int dim = c.dim();
    int order = c.order();
    double[] gr = hRe.clone();
    double[] gi = hIm.clone();
    double[][] bias = new double[length][dim];
    for (int t = 0; t < length; t++) {
      for (int d = 0; d < dim; d++) {
        double sum = 0;
        for (int n = 0; n < order; n++) {
          int i = d * order + n;
          // g <- q g, so after step t it holds q^{t+1} h
          double r = c.qRe()[i] * gr[i] - c.qIm()[i] * gi[i];
          double m = c.qRe()[i] * gi[i] + c.qIm()[i] * gr[i];
          gr[i] = r;
          gi[i] = m;
          sum += c.etaRe()[i] * r - c.etaIm()[i] * m; // Re(eta g)
        }
        bias[t][d] = sum;
      }
    }
    return bias;
  }

  /**
   * The corrected output: the zero-state output plus the bias.
   *
   * @param localOut [L][D] CEMA output of the range from h = 0
   * @return [L][D] the output the range has when it starts from h
   */
  public static double[][] corrected(ReferenceEma.Coefficients c, double[][] localOut, double[] hRe,
      double[] hIm) {
    double[][] bias = bias(c, hRe, hIm, localOut.length);
    double[][] y = new double[localOut.length][];
    for (int t = 0; t < y.length; t++) {
      y[t] = localOut[t].clone();
      for (int d = 0; d < y[t].length; d++) {
        y[t][d] += bias[t][d];
      }
    }
    return y;
  }
}
