package io.megaspark.megalodon.attention;

import static io.megaspark.megalodon.graph.GraphOps.reshape;
import static io.megaspark.megalodon.graph.GraphOps.sliceAxis;

import io.megaspark.megalodon.graph.Shapes;
import io.megaspark.megalodon.norm.RmsNorm;
import io.megaspark.megalodon.rope.RotaryEmbedding;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Queries and keys of one head from its slice of the shared representation Z (MODEL.md 1.1 steps 4-5,
 * 1.4): the slice is RMS-normalised with no affine, then {@code Q = Ẑ·(gamma[0]+1)/√Dz + beta[0]} and
 * {@code K = Ẑ·(gamma[1]+1)/√Dz + beta[1]}, then RoPE with positions inside the chunk.
 */
public final class SharedQueryKey {
  /**
   * @param q [B, T, Dz] float32, after RoPE
   * @param k [B, T, Dz] float32, after RoPE
   * @param qNoRope [B, T, Dz] float32, after the affine and before RoPE (the Infini memory path)
   * @param kNoRope [B, T, Dz] float32, likewise
   */
  public record Output(Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> qNoRope,
      Operand<TFloat32> kNoRope) {}

  private final int headDim;
  private final RmsNorm headNorm;
  private final Operand<TFloat32> gamma;
  private final Operand<TFloat32> beta;
  private final RotaryEmbedding rope;

  /**
   * @param gamma [2, Dz] float32: this head's κ (row 0 for Q, row 1 for K), used as (κ+1)/√Dz
   * @param beta [2, Dz] float32: this head's μ, same rows
   */
  public SharedQueryKey(int headDim, double eps, Operand<TFloat32> gamma, Operand<TFloat32> beta,
      RotaryEmbedding rope) {
    Shapes.check("mega.gamma (one head)", gamma, 2, headDim);
    Shapes.check("mega.beta (one head)", beta, 2, headDim);
    this.headDim = headDim;
    this.headNorm = new RmsNorm(headDim, eps, null);
    this.gamma = gamma;
    this.beta = beta;
    this.rope = rope;
  }

  /** @param z [B, T, Dz] float32: one head's slice of Z */
  public Output apply(Ops tf, Operand<TFloat32> z) {
    Shapes.check("z", z, "B", "T", headDim);
    Operand<TFloat32> zn = headNorm.apply(tf, z);
    Operand<TFloat32> scale = tf.math.mul(tf.math.add(gamma, tf.constant(1f)),
        tf.constant((float) (1.0 / Math.sqrt(headDim))));
    Operand<TFloat32> q = affine(tf, zn, scale, 0);
    Operand<TFloat32> k = affine(tf, zn, scale, 1);
    return new Output(rope.apply(tf, q), rope.apply(tf, k), q, k);
  }

  private Operand<TFloat32> affine(Ops tf, Operand<TFloat32> zn, Operand<TFloat32> scale, int row) {
    Operand<TFloat32> s = reshape(tf, sliceAxis(tf, scale, 0, row, row + 1), headDim);
    Operand<TFloat32> m = reshape(tf, sliceAxis(tf, beta, 0, row, row + 1), headDim);
    return tf.math.add(tf.math.mul(zn, s), m);
  }
}
