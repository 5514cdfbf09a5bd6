package io.megaspark.megalodon.attention;

import static io.megaspark.megalodon.graph.GraphOps.batchMatMul;
import static io.megaspark.megalodon.graph.GraphOps.reshape;

import io.megaspark.megalodon.graph.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Block-diagonal causal attention of one head (MODEL.md 1.1 step 8, 1.4): every chunk of C steps attends
 * only to itself, causally; scores are {@code Q Kᵀ} with no extra scaling (the scale lives in the Q/K
 * affine); softmax in float32. Each (row, chunk) is one batch of a batched matmul: [B, T, W] -> [B·K, C, W]
 * is a free reshape, which is why heads are kept as separate operands (a [B, T, H, W] layout would need
 * a transpose on the way in and out).
 */
public final class ChunkedAttention {
  private final int headDimZ;
  private final int headDimV;
  private final int chunk;

  public ChunkedAttention(int headDimZ, int headDimV, int chunk) {
    this.headDimZ = headDimZ;
    this.headDimV = headDimV;
    this.chunk = chunk;
  }

  /**
   * @param q [B, T, Dz] float32 queries of one head (after RoPE)
   * @param k [B, T, Dz] float32 keys (after RoPE)
   * @param v [B, T, Dv] float32 values
   * @return [B, T, Dv] float32
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v) {
    Shapes.check("q", q, "B", "T", headDimZ);
    int b = Shapes.dim(q, 0);
    int t = Shapes.dim(q, 1);
    if (t % chunk != 0) {
      throw new IllegalArgumentException("q: T=" + t + " is not a multiple of the chunk " + chunk);
    }
    Shapes.check("k", k, b, t, headDimZ);
    Shapes.check("v", v, b, t, headDimV);
    Operand<TFloat32> qb = reshape(tf, q, -1, chunk, headDimZ);
    Operand<TFloat32> kb = reshape(tf, k, -1, chunk, headDimZ);
    Operand<TFloat32> vb = reshape(tf, v, -1, chunk, headDimV);
    Operand<TFloat32> scores = tf.math.add(batchMatMul(tf, qb, kb, false, true), causalMask(tf));
    Operand<TFloat32> o = batchMatMul(tf, tf.nn.softmax(scores), vb, false, false);
    return reshape(tf, o, b, t, headDimV);
  }

  /** [C, C]: 0 on and below the diagonal, -inf above (a query never sees a later key). */
  private Operand<TFloat32> causalMask(Ops tf) {
    float[] mask = new float[chunk * chunk];
    for (int i = 0; i < chunk; i++) {
      for (int j = i + 1; j < chunk; j++) {
        mask[i * chunk + j] = Float.NEGATIVE_INFINITY;
      }
    }
    return tf.constant(Shape.of(chunk, chunk), DataBuffers.of(mask, true, false));
  }
}
