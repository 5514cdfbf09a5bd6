package io.megaspark.megalodon.norm;

import io.megaspark.megalodon.graph.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * LayerNorm of the FFN (MODEL.md 1.1 step 11): {@code (u − mean(u)) / sqrt(popvar(u) + eps) · (w+1) + b}
 * over the last axis, population variance, plus-one weight.
 */
public final class LayerNorm {
  private final int width;
  private final double eps;
  private final Operand<TFloat32> weight;
  private final Operand<TFloat32> bias;

  /**
   * @param weight [width] float32 plus-one weight, or null for no affine
   * @param bias [width] float32, or null for no affine
   */
  public LayerNorm(int width, double eps, Operand<TFloat32> weight, Operand<TFloat32> bias) {
    if ((weight == null) != (bias == null)) {
      throw new IllegalArgumentException("weight and bias are both given or both null");
    }
    if (weight != null) {
      Shapes.check("layernorm weight", weight, width);
      Shapes.check("layernorm bias", bias, width);
    }
    this.width = width;
    this.eps = eps;
    this.weight = weight;
    this.bias = bias;
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
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> centred = tf.math.sub(x, mean);
    Operand<TFloat32> var = tf.math.mean(tf.math.square(centred), tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> y = tf.math.mul(centred, tf.math.rsqrt(tf.math.add(var, tf.constant((float) eps))));
    return weight == null ? y
        : tf.math.add(tf.math.mul(y, tf.math.add(weight, tf.constant(1f))), bias);
  }
}
