package io.megaspark.megalodon.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TNumber;

/**
 * Normalised chunked attention of one layer (MODEL.md 1.1 steps 4-5 and 8, 1.4), differentiable:
 * per-head RMS normalisation of the shared Z, the Q/K affine with plus-one scale (κ+1)/√Dz and offset μ,
 * interleaved RoPE with positions inside the chunk, and softmax attention inside each chunk under an
 * {@link AttentionPattern} mask, with no extra 1/√d (the temperature lives in κ).
 */
final class AttentionGraph {
  /** Large negative score for masked keys; exp underflows to exactly 0 in float32 and float64. */
  private static final double MASKED = -1e9;

  private AttentionGraph() {}

  /**
   * @param z [B, T, Z] the shared representation M·Wzᵀ + bz
   * @param v [B, T, V] values
   * @param gamma [2, Z] (κ for Q, K), beta [2, Z] (μ for Q, K)
   * @param chunk C, dividing T
   * @return O [B, T, V]
   */
  static <T extends TNumber> Operand<T> apply(GraphMath<T> g, Operand<T> z, Operand<T> v,
      Operand<T> gamma, Operand<T> beta, int heads, int chunk, double eps, RotaryTable rope,
      AttentionPattern pattern) {
    long b = z.shape().size(0);
    long t = z.shape().size(1);
    long zd = z.shape().size(2);
    long vd = v.shape().size(2);
    long dz = zd / heads;
    long dv = vd / heads;
    long k = t / chunk;
    // Steps 4-5: per-head RMS normalisation, then Q and K.
    Operand<T> zh = g.reshape(z, b, t, heads, dz);
    Operand<T> zn = g.mul(zh, g.tf.math.rsqrt(g.add(g.mean(g.tf.math.square(zh), 3), g.scalar(eps))));
    Operand<T> q = affine(g, zn, gamma, beta, 0, heads, dz);
    Operand<T> key = affine(g, zn, gamma, beta, 1, heads, dz);
    q = rotate(g, q, rope, chunk, t);
    key = rotate(g, key, rope, chunk, t);
    // Step 8: [B, T, H, d] -> [B*K, H, C, d]; scores, mask, softmax, values.
    Operand<T> qc = toChunks(g, q, b, k, chunk, heads, dz);
    Operand<T> kc = toChunks(g, key, b, k, chunk, heads, dz);
    Operand<T> vc = toChunks(g, g.reshape(v, b, t, heads, dv), b, k, chunk, heads, dv);
    Operand<T> scores = g.add(g.batchMatMul(qc, kc, false, true), g.constant(maskBias(pattern, heads, chunk),
        1, heads, chunk, chunk));
    // Softmax on [rows, C]: TensorFlow's C++ Softmax/LogSoftmax gradients reduce over axis 1, so they
    // are right only for rank-2 inputs.
    Operand<T> probs = g.reshape(g.tf.nn.softmax(g.reshape(scores, b * k * heads * chunk, chunk)), b * k, heads, chunk, chunk);
    Operand<T> o = g.batchMatMul(probs, vc, false, false);                        // [B*K, H, C, dv]
    return g.reshape(g.transpose(g.reshape(o, b, k, heads, chunk, dv), 0, 1, 3, 2, 4), b, t, vd);
  }

  /** row r of (gamma, beta): x·(gamma[r]+1)/√Dz + beta[r], per head slice of Z. */
  private static <T extends TNumber> Operand<T> affine(GraphMath<T> g, Operand<T> zn, Operand<T> gamma,
      Operand<T> beta, int row, int heads, long dz) {
    Operand<T> scale = g.mul(g.plusOne(g.reshape(g.slice(gamma, 0, row, row + 1), 1, 1, heads, dz)),
        g.scalar(1 / Math.sqrt(dz)));
    return g.add(g.mul(zn, scale), g.reshape(g.slice(beta, 0, row, row + 1), 1, 1, heads, dz));
  }

  /** Interleaved RoPE: pair (2i, 2i+1) rotated by position-in-chunk · invFreq[i]. */
  private static <T extends TNumber> Operand<T> rotate(GraphMath<T> g, Operand<T> x, RotaryTable rope,
      int chunk, long t) {
    long b = x.shape().size(0);
    long heads = x.shape().size(2);
    long dz = x.shape().size(3);
    long half = dz / 2;
    double[][] cs = rope.cosSin(chunk);
    double[] cos = new double[Math.toIntExact(t * half)];
    double[] sin = new double[cos.length];
    for (long c = 0; c < t / chunk; c++) {
      System.arraycopy(cs[0], 0, cos, Math.toIntExact(c * chunk * half), cs[0].length);
      System.arraycopy(cs[1], 0, sin, Math.toIntExact(c * chunk * half), cs[1].length);
    }
    Operand<T> cosOp = g.constant(cos, 1, t, 1, half);
    Operand<T> sinOp = g.constant(sin, 1, t, 1, half);
    List<Operand<T>> pair = g.unstack(g.reshape(x, b, t, heads, half, 2), 4);
    Operand<T> even = pair.get(0);
    Operand<T> odd = pair.get(1);
    Operand<T> re = g.sub(g.mul(even, cosOp), g.mul(odd, sinOp));
    Operand<T> im = g.add(g.mul(even, sinOp), g.mul(odd, cosOp));
    return g.reshape(g.stack(4, List.of(re, im)), b, t, heads, dz);
  }

  private static <T extends TNumber> Operand<T> toChunks(GraphMath<T> g, Operand<T> x, long b, long k,
      int chunk, int heads, long width) {
    return g.reshape(g.transpose(g.reshape(x, b, k, chunk, heads, width), 0, 1, 3, 2, 4),
        b * k, heads, chunk, width);
  }

  private static double[] maskBias(AttentionPattern pattern, int heads, int chunk) {
    boolean[][][] m = pattern.mask(heads, chunk);
    double[] bias = new double[heads * chunk * chunk];
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < chunk; i++) {
        for (int j = 0; j < chunk; j++) {
          bias[(h * chunk + i) * chunk + j] = m[h][i][j] ? 0 : MASKED;
        }
      }
    }
    return bias;
  }
}
