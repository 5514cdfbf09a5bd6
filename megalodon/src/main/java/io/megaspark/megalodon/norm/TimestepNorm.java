package io.megaspark.megalodon.norm;

import static io.megaspark.megalodon.graph.GraphOps.reshape;
import static io.megaspark.megalodon.graph.GraphOps.sliceAxis;
import static io.megaspark.megalodon.graph.GraphOps.transpose;

import io.megaspark.megalodon.graph.Shapes;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Group timestep normalisation with carried statistics (MODEL.md 1.3) as cumulative sums over the block.
 *
 * <p>Per row and group, step t's moments {@code m_t, v_t} (over the group's D/G features) are merged into
 * the carried {@code (n0, μ0, σ0²)} with Chan's pooled formula, for all t at once: with the shifted
 * sums {@code S1_t = Σ_{s≤t} (m_s − μ0)}, {@code S2_t = Σ (m_s − μ0)²}, {@code SV_t = Σ v_s} over valid
 * steps and {@code n_t = n0 + (valid steps ≤ t)},
 * <pre>
 *   μ_t  = μ0 + S1_t / n_t
 *   σ²_t = (n0 σ0² + SV_t + S2_t − S1_t² / n_t) / n_t
 * </pre>
 * which equals the step-by-step Welford merge. The sums are float64 and shifted by the carried mean, so no
 * large raw moments cancel, even after millions of tokens. The per-step moments over the D/G features of
 * one step are two-pass float32 (relative error about 1e-7; they are small sums of float32 inputs).
 * Padded steps (after a row's valid length) add nothing, so the state after the last column is the state
 * after the row's last valid step; they output 0 when {@code zeroPadded}, else values no valid step reads.
 */
public final class TimestepNorm {
  /**
   * @param y [B, T, D] float32 (padded steps: see {@code zeroPadded})
   * @param mean [B, G] float64 state after each row's valid steps
   * @param var [B, G] float64 population variance, same
   */
  public record Output(Operand<TFloat32> y, Operand<TFloat64> mean, Operand<TFloat64> var) {}

  private final int modelDim;
  private final int groups;
  private final double eps;
  private final Operand<TFloat32> weight;
  private final Operand<TFloat32> bias;
  private final boolean zeroPadded;

  /**
   * @param weight [D] float32 plus-one weight (used as w+1), or null when norms have no affine
   * @param bias [D] float32, or null when norms have no affine
   * @param zeroPadded whether padded steps output 0 (MODEL.md 1.3). Inside the model only the last norm
   *     needs it: a padded step's output only ever reaches later, also padded, steps (CEMA and attention
   *     are causal), so the layers skip that extra pass over [B, T, D].
   */
  public TimestepNorm(int modelDim, int groups, double eps, Operand<TFloat32> weight,
      Operand<TFloat32> bias, boolean zeroPadded) {
    if (modelDim % groups != 0) {
      throw new IllegalArgumentException("groups must divide the model dim: D=" + modelDim + ", G=" + groups);
    }
    if ((weight == null) != (bias == null)) {
      throw new IllegalArgumentException("weight and bias are both given or both null");
    }
    if (weight != null) {
      Shapes.check("timenorm weight", weight, modelDim);
      Shapes.check("timenorm bias", bias, modelDim);
    }
    this.modelDim = modelDim;
    this.groups = groups;
    this.eps = eps;
    this.weight = weight;
    this.bias = bias;
    this.zeroPadded = zeroPadded;
  }

  /**
   * @param x [B, T, D] float32
   * @param valid [B, T] float32, 1 for a valid step and 0 for padding (padding only after the valid steps)
   * @param count [B] float64 carried step count n0
   * @param mean [B, G] float64 carried mean μ0
   * @param var [B, G] float64 carried population variance σ0²
   */
  public Output apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> valid, Operand<TFloat64> count,
      Operand<TFloat64> mean, Operand<TFloat64> var) {
    Shapes.check("x", x, "B", "T", modelDim);
    int b = Shapes.dim(x, 0);
    int t = Shapes.dim(x, 1);
    Shapes.check("valid", valid, b, t);
    Shapes.check("count", count, b);
    Shapes.check("mean", mean, b, groups);
    Shapes.check("var", var, b, groups);
    int width = modelDim / groups;
    // Per-step moments over each group's features: [B, T, G].
    Operand<TFloat32> xg = reshape(tf, x, b, t, groups, width);
    Operand<TFloat32> m32 = tf.math.mean(xg, tf.constant(3), Mean.keepDims(true));
    Operand<TFloat32> centred = tf.math.sub(xg, m32);
    Operand<TFloat32> v32 = tf.math.mean(tf.math.square(centred), tf.constant(3));
    // The statistics run along time, so they are laid out [B, G, T]: every cumsum is over the last,
    // contiguous axis (a cumsum over a middle axis is several times slower in TensorFlow).
    Operand<TFloat64> m = transpose(tf,
        reshape(tf, tf.dtypes.cast(m32, TFloat64.class), b, t, groups), 0, 2, 1);
    Operand<TFloat64> v = transpose(tf, tf.dtypes.cast(v32, TFloat64.class), 0, 2, 1);
    // Shifted cumulative sums over valid steps (float64), three in one cumsum: [δ, δ², v].
    Operand<TFloat64> valid64 = tf.dtypes.cast(valid, TFloat64.class);
    Operand<TFloat64> w = tf.expandDims(valid64, tf.constant(1));
    Operand<TFloat64> mu0 = tf.expandDims(mean, tf.constant(2));
    Operand<TFloat64> delta = tf.math.mul(tf.math.sub(m, mu0), w);
    List<Operand<TFloat64>> sums = new ArrayList<>(tf.unstack(tf.math.cumsum(
        tf.stack(List.of(delta, tf.math.square(delta), tf.math.mul(v, w))), tf.constant(3)), 3L).output());
    Operand<TFloat64> s1 = sums.get(0);
    Operand<TFloat64> s2 = sums.get(1);
    Operand<TFloat64> sv = sums.get(2);
    Operand<TFloat64> n0 = reshape(tf, count, b, 1, 1);
    Operand<TFloat64> steps = tf.math.cumsum(valid64, tf.constant(1));
    Operand<TFloat64> n = tf.math.add(n0, tf.expandDims(steps, tf.constant(1)));
    Operand<TFloat64> safeN = tf.math.maximum(n, tf.constant(1.0));
    Operand<TFloat64> mu = tf.math.add(mu0, tf.math.div(s1, safeN));
    Operand<TFloat64> spread = tf.math.sub(s2, tf.math.div(tf.math.square(s1), safeN));
    Operand<TFloat64> carried = tf.math.mul(n0, tf.expandDims(var, tf.constant(2)));
    Operand<TFloat64> sum = tf.math.add(tf.math.add(carried, sv), spread);
    Operand<TFloat64> sigma2 = tf.math.maximum(tf.math.div(sum, safeN), tf.constant(0.0));
    // Output: (x - μ_t) / sqrt(σ²_t + eps), affine, 0 at padded steps.
    Operand<TFloat32> mu32 = tf.expandDims(transpose(tf, tf.dtypes.cast(mu, TFloat32.class), 0, 2, 1),
        tf.constant(3));
    Operand<TFloat32> inv = tf.expandDims(transpose(tf,
        tf.dtypes.cast(tf.math.rsqrt(tf.math.add(sigma2, tf.constant(eps))), TFloat32.class), 0, 2, 1),
        tf.constant(3));
    Operand<TFloat32> y = reshape(tf, tf.math.mul(tf.math.sub(xg, mu32), inv), b, t, modelDim);
    if (weight != null) {
      y = tf.math.add(tf.math.mul(y, tf.math.add(weight, tf.constant(1f))), bias);
    }
    if (zeroPadded) {
      y = tf.math.mul(y, tf.expandDims(valid, tf.constant(2)));
    }
    // State after the last column = state after each row's last valid step; a row that has never seen a
    // step (n = 0) keeps its carried values.
    Operand<TFloat64> lastMu = reshape(tf, sliceAxis(tf, mu, 2, t - 1, t), b, groups);
    Operand<TFloat64> lastVar = reshape(tf, sliceAxis(tf, sigma2, 2, t - 1, t), b, groups);
    Operand<TFloat64> seen = tf.dtypes.cast(
        tf.math.greater(reshape(tf, sliceAxis(tf, n, 2, t - 1, t), b, 1), tf.constant(0.0)),
        TFloat64.class);
    Operand<TFloat64> unseen = tf.math.sub(tf.constant(1.0), seen);
    return new Output(y,
        tf.math.add(tf.math.mul(lastMu, seen), tf.math.mul(mean, unseen)),
        tf.math.add(tf.math.mul(lastVar, seen), tf.math.mul(var, unseen)));
  }
}
