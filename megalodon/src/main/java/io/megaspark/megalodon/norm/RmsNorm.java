package io.megaspark.megalodon.norm;

import io.megaspark.megalodon.graph.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * RMS normalisation over the last axis, {@code x / sqrt(mean(x²) + eps)}, with no mean subtraction and eps
 * inside the square root (MODEL.md 1.1 step 3). With a weight it is the plus-one affine RMSNorm
 * ({@code · (w+1)}); without, it is the per-head normalisation of the shared Z (step 4, MODEL.md 1.4).
 */
public final class RmsNorm {
  private final int width;
  private final double eps;
  private final Operand<TFloat32> weight;

  /**
   * @param width size of the normalised (last) axis
   * @param weight [width] float32 plus-one weight, or null for no affine
   */
  public RmsNorm(int width, double eps, Operand<TFloat32> weight) {
    if (weight != null) {
      Shapes.check("rmsnorm weight", weight, width);
    }
    this.width = width;
    this.eps = eps;
    this.weight = weight;
  }

  /**
   * @param x [..., width] float32
   * @return [..., width] float32
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    long last = x.shape().size(x.shape().numDimensions() - 1);
    if (last != width) {
      throw new IllegalArgumentException("x: expected [..., " + width + "], got "
          + Shapes.describe(x.shape()));
    }
    Operand<TFloat32> ms = tf.math.mean(tf.math.square(x), tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> y = tf.math.mul(x, tf.math.rsqrt(tf.math.add(ms, tf.constant((float) eps))));
    return weight == null ? y : tf.math.mul(y, tf.math.add(weight, tf.constant(1f)));
  }
}
