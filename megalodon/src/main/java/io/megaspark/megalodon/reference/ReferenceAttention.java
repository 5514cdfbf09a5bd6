package io.megaspark.megalodon.reference;

import io.megaspark.megalodon.rope.RopeFrequencies;
import io.megaspark.megalodon.rope.RopeLayout;
import io.megaspark.megalodon.rope.RopeScaling;
import io.megaspark.megalodon.rope.RotaryReference;

/**
 * Normalised chunked attention (MODEL.md 1.1 steps 5 and 8, 1.4): queries and keys from the normalised
 * shared representation with a per-dimension scale (gamma+1)/sqrt(Dz) and offset beta, interleaved RoPE
 * with positions counted inside each chunk, and causal softmax attention that never crosses a chunk. The
 * scale lives in gamma, so scores get no extra 1/sqrt(d). The RoPE table may come from any scaling method
 * (MODEL.md 2): its attention factor multiplies cos and sin.
 */
public final class ReferenceAttention {
  private ReferenceAttention() {}

  /**
   * @param zHat [H*Dz] the head-normalised z of one token
   * @param gamma [2*H*Dz] row 0 for Q, row 1 for K (plus-one, divided by sqrt(Dz))
   * @param beta [2*H*Dz] row 0 for Q, row 1 for K
   * @return {q [H*Dz], k [H*Dz]}, before RoPE
   */
  public static double[][] queryKey(double[] zHat, double[] gamma, double[] beta, int headDimZ) {
    int z = zHat.length;
    double scale = 1 / Math.sqrt(headDimZ);
    double[] q = new double[z];
    double[] k = new double[z];
    for (int i = 0; i < z; i++) {
      q[i] = zHat[i] * (gamma[i] + 1) * scale + beta[i];
      k[i] = zHat[i] * (gamma[z + i] + 1) * scale + beta[z + i];
    }
    return new double[][] {q, k};
  }

  /**
   * Rotates one head vector: dimensions (2i, 2i+1) form a complex number turned by
   * {@code position * base^(-2i/Dz)} (Meta-LLaMA pairing, not rotate-half).
   *
   * @param x [Dz]
   */
  public static double[] rope(double[] x, int position, double base) {
    int dz = x.length;
    double[] y = new double[dz];
    for (int i = 0; i < dz / 2; i++) {
      double angle = position * Math.pow(base, -2.0 * i / dz);
      double c = Math.cos(angle);
      double s = Math.sin(angle);
      y[2 * i] = x[2 * i] * c - x[2 * i + 1] * s;
      y[2 * i + 1] = x[2 * i] * s + x[2 * i + 1] * c;
    }
    return y;
  }

  /**
   * Attention over a block whose first token starts a chunk; the last chunk may be partial.
   *
   * @param q [T][H*Dz] before RoPE
   * @param k [T][H*Dz] before RoPE
   * @param v [T][H*Dv]
   * @return [T][H*Dv] per-head outputs, heads contiguous
   */
  public static double[][] forward(double[][] q, double[][] k, double[][] v, int heads, int chunk,
      double ropeBase) {
    int dz = q.length == 0 ? 2 : q[0].length / heads;
    return forward(q, k, v, heads, chunk, new RopeScaling.Default().compute(dz, ropeBase, 0));
  }

  /**
   * As {@link #forward(double[][], double[][], double[][], int, int, double)}, with a RoPE table from any
   * scaling method ({@code rope.headDim()} = Dz).
   */
  public static double[][] forward(double[][] q, double[][] k, double[][] v, int heads, int chunk,
      RopeFrequencies rope) {
    int t = q.length;
    int dz = q.length == 0 ? 0 : q[0].length / heads;
    int dv = v.length == 0 ? 0 : v[0].length / heads;
    double[][] out = new double[t][heads * dv];
    for (int start = 0; start < t; start += chunk) {
      int len = Math.min(chunk, t - start);
      for (int h = 0; h < heads; h++) {
        double[][] qh = new double[len][];
        double[][] kh = new double[len][];
        for (int i = 0; i < len; i++) {
          qh[i] = RotaryReference.apply(slice(q[start + i], h * dz, dz), i, rope, RopeLayout.INTERLEAVED);
          kh[i] = RotaryReference.apply(slice(k[start + i], h * dz, dz), i, rope, RopeLayout.INTERLEAVED);
        }
        for (int i = 0; i < len; i++) {
          double[] p = causalSoftmax(qh[i], kh, i);
          for (int j = 0; j <= i; j++) {
            for (int e = 0; e < dv; e++) {
              out[start + i][h * dv + e] += p[j] * v[start + j][h * dv + e];
            }
          }
        }
      }
    }
    return out;
  }

  /** softmax over keys 0..i of the dot products with query qi (no extra scaling). */
  private static double[] causalSoftmax(double[] qi, double[][] keys, int i) {
    double[] s = new double[i + 1];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j <= i; j++) {
      double dot = 0;
      for (int e = 0; e < qi.length; e++) {
        dot += qi[e] * keys[j][e];
      }
      s[j] = dot;
      max = Math.max(max, dot);
    }
    double sum = 0;
    for (int j = 0; j <= i; j++) {
      s[j] = Math.exp(s[j] - max);
      sum += s[j];
    }
    for (int j = 0; j <= i; j++) {
      s[j] /= sum;
    }
    return s;
  }

  private static double[] slice(double[] a, int from, int len) {
    double[] s = new double[len];
    System.arraycopy(a, from, s, 0, len);
    return s;
  }
}
