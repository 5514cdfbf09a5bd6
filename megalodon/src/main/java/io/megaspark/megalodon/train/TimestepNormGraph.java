package io.megaspark.megalodon.train;

import org.tensorflow.Operand;
import org.tensorflow.types.family.TNumber;

/**
 * Timestep normalisation over a block with carried statistics (MODEL.md 1.3), differentiable.
 *
 * <p>The Chan/Welford merge of one step at a time equals pooled moments of all steps so far, which a
 * cumulative sum gives for every step at once. To avoid cancellation the sums are taken relative to the
 * carried mean μ0: with per-step group moments m_t, v_t and valid-step weight w_t,
 * <pre>
 *   n_t  = n0 + Σ_{s≤t} w_s
 *   μ_t  = μ0 + Σ_{s≤t} w_s (m_s − μ0) / n_t
 *   σ²_t = (n0 σ0² + Σ_{s≤t} w_s (v_s + (m_s − μ0)²)) / n_t − (μ_t − μ0)²
 * </pre>
 * Padded steps (w = 0) output 0 and leave the statistics unchanged, as in the official code.
 */
final class TimestepNormGraph {
  /**
   * @param y [B, T, D] normalised output, 0 at padded steps
   * @param count [B] statistics after the block
   * @param mean [B, G]
   * @param var [B, G]
   */
  record Output<T extends TNumber>(Operand<T> y, Operand<T> count, Operand<T> mean, Operand<T> var) {}

  private TimestepNormGraph() {}

  /**
   * @param x [B, T, D]
   * @param valid [B, T] 1 for real steps, 0 for padding
   * @param count [B] carried count, mean [B, G], var [B, G]
   * @param weight [D] plus-one scale or null; bias [D] or null
   */
  static <T extends TNumber> Output<T> apply(GraphMath<T> g, Operand<T> x, Operand<T> valid,
      Operand<T> count, Operand<T> mean, Operand<T> var, Operand<T> weight, Operand<T> bias,
      int groups, double eps) {
    long b = x.shape().size(0);
    long t = x.shape().size(1);
    long d = x.shape().size(2);
    Operand<T> xg = g.reshape(x, b, t, groups, d / groups);
    Operand<T> m = g.mean(xg, 3);                                          // [B,T,G,1]
    Operand<T> v = g.mean(g.tf.math.square(g.sub(xg, m)), 3);              // [B,T,G,1]
    Operand<T> w = g.reshape(valid, b, t, 1, 1);
    Operand<T> n0 = g.reshape(count, b, 1, 1, 1);
    Operand<T> mu0 = g.reshape(mean, b, 1, groups, 1);
    Operand<T> var0 = g.reshape(var, b, 1, groups, 1);
    Operand<T> n = g.add(n0, g.tf.math.cumsum(w, g.tf.constant(1)));
    Operand<T> safe = g.tf.math.maximum(n, g.scalar(1));
    Operand<T> dev = g.sub(m, mu0);
    Operand<T> s1 = g.tf.math.cumsum(g.mul(w, dev), g.tf.constant(1));
    Operand<T> s2 = g.add(g.mul(n0, var0),
        g.tf.math.cumsum(g.mul(w, g.add(v, g.tf.math.square(dev))), g.tf.constant(1)));
    Operand<T> shift = g.div(s1, safe);
    Operand<T> mu = g.add(mu0, shift);
    Operand<T> sigma2 = g.tf.math.maximum(g.sub(g.div(s2, safe), g.tf.math.square(shift)), g.scalar(0));
    Operand<T> yg = g.mul(g.sub(xg, mu), g.tf.math.rsqrt(g.add(sigma2, g.scalar(eps))));
    Operand<T> y = g.reshape(yg, b, t, d);
    if (weight != null) {
      y = g.mul(y, g.plusOne(weight));
    }
    if (bias != null) {
      y = g.add(y, bias);
    }
    y = g.mul(y, g.reshape(valid, b, t, 1));
    return new Output<>(y,
        g.reshape(g.slice(n, 1, t - 1, t), b),
        g.reshape(g.slice(mu, 1, t - 1, t), b, groups),
        g.reshape(g.slice(sigma2, 1, t - 1, t), b, groups));
  }
}
