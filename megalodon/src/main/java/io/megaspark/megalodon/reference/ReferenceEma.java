package io.megaspark.megalodon.reference;

/**
 * CEMA, the complex exponential moving average (MODEL.md 1.2), as the plain recurrence: per channel d
 * and component n, {@code h_t = p x_t + q h_{t-1}} and {@code y_t = Re(sum_n eta_n h_t,n) + omega_d x_t},
 * in the official code's convention (p real, the phase only in q). Complex values are (re, im) pairs.
 */
public final class ReferenceEma {
  private ReferenceEma() {}

  /**
   * The recurrence coefficients, each [D*N] with index d*N+n (omega [D]).
   *
   * @param p real input weight {@code sigmoid(alpha)}
   * @param qRe real part of {@code q = (1 - alpha*delta) e^{i phi}}
   * @param qIm imaginary part of q
   * @param etaRe real part of {@code eta = (gamma_re + i gamma_im) / sqrt(N)}
   * @param etaIm imaginary part of eta
   * @param omega [D] skip weight on the input
   */
  public record Coefficients(int dim, int order, double[] p, double[] qRe, double[] qIm,
      double[] etaRe, double[] etaIm, double[] omega) {

    /** |q| per component, which the construction keeps inside (0, 1). */
    public double[] qAbs() {
      double[] a = new double[qRe.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = Math.hypot(qRe[i], qIm[i]);
      }
      return a;
    }
  }

  /**
   * Coefficients from the stored parameters (state-dict layout).
   *
   * @param alpha [D, N, 1]
   * @param delta [D, N, 1]
   * @param theta [D, 1, 1]
   * @param gamma [D, N, 2] (real, imaginary)
   * @param omega [D, 1]
   */
  public static Coefficients coefficients(double[] alpha, double[] delta, double[] theta,
      double[] gamma, double[] omega, int dim, int order) {
    int dn = dim * order;
    double[] p = new double[dn];
    double[] qRe = new double[dn];
    double[] qIm = new double[dn];
    double[] etaRe = new double[dn];
    double[] etaIm = new double[dn];
    double scale = 1 / Math.sqrt(order);
    for (int d = 0; d < dim; d++) {
      double baseAngle = 2 * Math.PI / order * ReferenceMath.sigmoid(theta[d]);
      for (int n = 0; n < order; n++) {
        int i = d * order + n;
        double a = ReferenceMath.sigmoid(alpha[i]);
        double magnitude = 1 - a * ReferenceMath.sigmoid(delta[i]);
        double phi = (n + 1) * baseAngle; // components are numbered from 1 (MODEL.md 1.2)
        p[i] = a;
        qRe[i] = magnitude * Math.cos(phi);
        qIm[i] = magnitude * Math.sin(phi);
        etaRe[i] = gamma[2 * i] * scale;
        etaIm[i] = gamma[2 * i + 1] * scale;
      }
    }
    return new Coefficients(dim, order, p, qRe, qIm, etaRe, etaIm, omega.clone());
  }

  /**
   * @param y [T][D] output
   * @param hRe [D*N] real part of h after the last step
   * @param hIm [D*N] imaginary part
   */
  public record Output(double[][] y, double[] hRe, double[] hIm) {}

  /**
   * @param x [T][D] input (the TimestepNorm output)
   * @param hRe [D*N] carried h, real part
   * @param hIm [D*N] carried h, imaginary part
   */
  public static Output forward(double[][] x, double[] hRe, double[] hIm, Coefficients c) {
    int dim = c.dim();
    int order = c.order();
    double[] re = hRe.clone();
    double[] im = hIm.clone();
    double[][] y = new double[x.length][dim];
    for (int t = 0; t < x.length; t++) {
      for (int d = 0; d < dim; d++) {
        double xt = x[t][d];
        double sum = 0;
        for (int n = 0; n < order; n++) {
          int i = d * order + n;
          double r = c.p()[i] * xt + c.qRe()[i] * re[i] - c.qIm()[i] * im[i];
          double m = c.qRe()[i] * im[i] + c.qIm()[i] * re[i];
          re[i] = r;
          im[i] = m;
          sum += c.etaRe()[i] * r - c.etaIm()[i] * m; // Re(eta * h)
        }
        y[t][d] = sum + c.omega()[d] * xt;
      }
    }
    return new Output(y, re, im);
  }
}
