package io.megaspark.megalodon.ema;

/**
 * The complex EMA coefficients of one layer (MODEL.md 1.2, in the official code's convention), computed in
 * float64 from the stored parameters, and the real matrices the fast path multiplies with.
 *
 * <p>Per channel d and component n = 1..N: {@code p = sigmoid(alpha)} (real), {@code q = (1 - p·sigmoid(delta))
 * e^{i φ}} with {@code φ = n·(2π/N)·sigmoid(theta_d)}, {@code η = (gamma[.,0] + i·gamma[.,1]) / √N}, and the
 * skip weight {@code omega_d}. Powers of q are taken as {@code |q|^m e^{i m φ}}, never by repeated
 * multiplication, and only for m ≥ 0 (no "undecay"), so they stay exact even where |q|^m underflows.
 *
 * <p>Layouts: index {@code d*N + n} for per-(d, n) arrays; matrices are flat row-major float32 arrays in
 * the shapes documented on each method.
 */
public final class EmaCoefficients {
  private final int modelDim;
  private final int order;
  private final double[] p;
  private final double[] qAbs;
  private final double[] qPhase;
  private final double[] etaRe;
  private final double[] etaIm;
  private final double[] omega;
  private double[][] cachedPowers;

  private EmaCoefficients(int modelDim, int order, double[] p, double[] qAbs, double[] qPhase,
      double[] etaRe, double[] etaIm, double[] omega) {
    this.modelDim = modelDim;
    this.order = order;
    this.p = p;
    this.qAbs = qAbs;
    this.qPhase = qPhase;
    this.etaRe = etaRe;
    this.etaIm = etaIm;
    this.omega = omega;
  }

  /**
   * Coefficients from the official parameters of one layer ({@code layers.{i}.mega.cema.*}).
   *
   * @param alpha [D, N, 1]
   * @param delta [D, N, 1]
   * @param theta [D, 1, 1]
   * @param gamma [D, N, 2] (real, imaginary)
   * @param omega [D, 1]
   */
  public static EmaCoefficients fromParameters(int modelDim, int order, float[] alpha, float[] delta,
      float[] theta, float[] gamma, float[] omega) {
    int dn = modelDim * order;
    requireLength("alpha", alpha, dn);
    requireLength("delta", delta, dn);
    requireLength("theta", theta, modelDim);
    requireLength("gamma", gamma, 2 * dn);
    requireLength("omega", omega, modelDim);
    double[] p = new double[dn];
    double[] qAbs = new double[dn];
    double[] qPhase = new double[dn];
    double[] etaRe = new double[dn];
    double[] etaIm = new double[dn];
    double[] om = new double[modelDim];
    double scale = 1.0 / Math.sqrt(order);
    for (int d = 0; d < modelDim; d++) {
      double baseAngle = 2 * Math.PI / order * sigmoid(theta[d]);
      om[d] = omega[d];
      for (int n = 0; n < order; n++) {
        int i = d * order + n;
        p[i] = sigmoid(alpha[i]);
        qAbs[i] = 1.0 - p[i] * sigmoid(delta[i]);
        qPhase[i] = (n + 1) * baseAngle;
        etaRe[i] = gamma[2 * i] * scale;
        etaIm[i] = gamma[2 * i + 1] * scale;
      }
    }
    return new EmaCoefficients(modelDim, order, p, qAbs, qPhase, etaRe, etaIm, om);
  }

  public int modelDim() {
    return modelDim;
  }

  public int order() {
    return order;
  }

  /** |q| of component {@code d*N + n}; inside (0, 1) by construction. */
  public double decay(int index) {
    return qAbs[index];
  }

  /** Real part of {@code q^m} for component {@code index}, m ≥ 0. */
  public double powRe(int index, long m) {
    return Math.pow(qAbs[index], m) * Math.cos(m * qPhase[index]);
  }

  /** Imaginary part of {@code q^m} for component {@code index}, m ≥ 0. */
  public double powIm(int index, long m) {
    return Math.pow(qAbs[index], m) * Math.sin(m * qPhase[index]);
  }

  /**
   * {@code q^m} for every component and m = 0..maxM: re and im, each [D*N][maxM+1] flattened. The four
   * matrices of one sub-chunk length share one table (the last one is kept).
   */
  private synchronized double[][] powers(int maxM) {
    if (cachedPowers != null && cachedPowers[0].length == modelDim * order * (maxM + 1)) {
      return cachedPowers;
    }
    cachedPowers = computePowers(maxM);
    return cachedPowers;
  }

  private double[][] computePowers(int maxM) {
    int dn = modelDim * order;
    double[] re = new double[dn * (maxM + 1)];
    double[] im = new double[dn * (maxM + 1)];
    for (int i = 0; i < dn; i++) {
      double logAbs = Math.log(qAbs[i]);
      for (int m = 0; m <= maxM; m++) {
        double magnitude = Math.exp(m * logAbs);
        re[i * (maxM + 1) + m] = magnitude * Math.cos(m * qPhase[i]);
        im[i * (maxM + 1) + m] = magnitude * Math.sin(m * qPhase[i]);
      }
    }
    return new double[][] {re, im};
  }

  /**
   * The intra-sub-chunk causal convolution plus the skip term, as one matrix per channel:
   * {@code A[d, j, i] = K_d[i - j]} for {@code j ≤ i} (else 0) with {@code K_d[m] = Re(Σ_n η p q^m)}, plus
   * {@code omega_d} on the diagonal, so {@code y[i] = Σ_j x[j]·A[d, j, i]}.
   *
   * @return [D, S, S] float32
   */
  public float[] convolutionMatrix(int s) {
    float[] a = new float[modelDim * s * s];
    double[] kernel = new double[s];
    double[][] pw = powers(s);
    for (int d = 0; d < modelDim; d++) {
      for (int m = 0; m < s; m++) {
        double sum = 0;
        for (int n = 0; n < order; n++) {
          int idx = d * order + n;
          int at = idx * (s + 1) + m;
          sum += p[idx] * (etaRe[idx] * pw[0][at] - etaIm[idx] * pw[1][at]);
        }
        kernel[m] = sum;
      }
      kernel[0] += omega[d];
      for (int j = 0; j < s; j++) {
        for (int i = j; i < s; i++) {
          a[(d * s + j) * s + i] = (float) kernel[i - j];
        }
      }
    }
    return a;
  }

  /**
   * Maps a sub-chunk of inputs to its local end state (from a zero start):
   * {@code W[d, i, n] = Re(q^{S-1-i} p)}, {@code W[d, i, N+n] = Im(q^{S-1-i} p)}.
   *
   * @return [D, S, 2N] float32
   */
  public float[] localStateMatrix(int s) {
    float[] w = new float[modelDim * s * 2 * order];
    double[][] pw = powers(s);
    for (int d = 0; d < modelDim; d++) {
      for (int i = 0; i < s; i++) {
        int row = (d * s + i) * 2 * order;
        for (int n = 0; n < order; n++) {
          int idx = d * order + n;
          int at = idx * (s + 1) + s - 1 - i;
          w[row + n] = (float) (p[idx] * pw[0][at]);
          w[row + order + n] = (float) (p[idx] * pw[1][at]);
        }
      }
    }
    return w;
  }

  /**
   * Maps an incoming state [re | im] to its contribution to the outputs of the sub-chunk:
   * {@code y[i] += Re(Σ_n η q^{i+1} h_n)}, i.e. {@code U[d, n, i] = Re(η q^{i+1})},
   * {@code U[d, N+n, i] = -Im(η q^{i+1})}.
   *
   * @return [D, 2N, S] float32
   */
  public float[] stateOutputMatrix(int s) {
    float[] u = new float[modelDim * 2 * order * s];
    double[][] pw = powers(s);
    for (int d = 0; d < modelDim; d++) {
      for (int n = 0; n < order; n++) {
        int idx = d * order + n;
        for (int i = 0; i < s; i++) {
          double re = pw[0][idx * (s + 1) + i + 1];
          double im = pw[1][idx * (s + 1) + i + 1];
          u[(d * 2 * order + n) * s + i] = (float) (etaRe[idx] * re - etaIm[idx] * im);
          u[(d * 2 * order + order + n) * s + i] = (float) -(etaRe[idx] * im + etaIm[idx] * re);
        }
      }
    }
    return u;
  }

  /**
   * Multiplication of a state row [re | im] by {@code q^m}, as a real matrix: {@code h·Q = q^m ⊙ h}.
   *
   * @return [D, 2N, 2N] float32
   */
  public float[] powerMatrix(long m) {
    int n2 = 2 * order;
    float[] q = new float[modelDim * n2 * n2];
    for (int d = 0; d < modelDim; d++) {
      int base = d * n2 * n2;
      for (int n = 0; n < order; n++) {
        int idx = d * order + n;
        float re = (float) powRe(idx, m);
        float im = (float) powIm(idx, m);
        q[base + n * n2 + n] = re;
        q[base + (order + n) * n2 + n] = -im;
        q[base + n * n2 + order + n] = im;
        q[base + (order + n) * n2 + order + n] = re;
      }
    }
    return q;
  }

  /**
   * {@code q^m} for m = 1..S as [re | im] rows: {@code P[d, m-1, n] = Re(q^m)}, {@code P[d, m-1, N+n] =
   * Im(q^m)}; used to advance a sub-chunk's incoming state to a row's own end.
   *
   * @return [D, S, 2N] float32
   */
  public float[] stepPowers(int s) {
    float[] out = new float[modelDim * s * 2 * order];
    double[][] pw = powers(s);
    for (int d = 0; d < modelDim; d++) {
      for (int m = 1; m <= s; m++) {
        int row = (d * s + m - 1) * 2 * order;
        for (int n = 0; n < order; n++) {
          int idx = d * order + n;
          out[row + n] = (float) pw[0][idx * (s + 1) + m];
          out[row + order + n] = (float) pw[1][idx * (s + 1) + m];
        }
      }
    }
    return out;
  }

  /** p of component {@code index}. */
  public double inputWeight(int index) {
    return p[index];
  }

  /** Real and imaginary part of η (including 1/√N) of component {@code index}. */
  public double outputRe(int index) {
    return etaRe[index];
  }

  public double outputIm(int index) {
    return etaIm[index];
  }

  /** The skip weight omega of channel d. */
  public double skip(int d) {
    return omega[d];
  }

  private static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  private static void requireLength(String name, float[] a, int expected) {
    if (a == null || a.length != expected) {
      throw new IllegalArgumentException("cema." + name + ": expected " + expected + " values, got "
          + (a == null ? "null" : a.length));
    }
  }
}
