package io.megaspark.megalodon.attention;

import static io.megaspark.megalodon.graph.GraphOps.batchMatMul;
import static io.megaspark.megalodon.graph.GraphOps.reshape;
import static io.megaspark.megalodon.graph.GraphOps.transpose;

import io.megaspark.megalodon.graph.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Block-diagonal causal attention (MODEL.md 1.1 step 8, 1.4): every chunk of C steps attends only to
 * itself, causally; scores are {@code Q Kᵀ} with no extra scaling (the scale lives in the Q/K affine);
 * softmax in float32. The block is reshaped so that each (row, chunk, head) is one batch of a batched
 * matmul: [B, T, H, Dz] -> [B·K·H, C, Dz].
 */
public final class ChunkedAttention {
  private final int heads;
  private final int headDimZ;
  private final int headDimV;
  private final int chunk;

  public ChunkedAttention(int heads, int headDimZ, int headDimV, int chunk) {
    this.heads = heads;
    this.headDimZ = headDimZ;
    this.headDimV = headDimV;
    this.chunk = chunk;
  }

  /**
   * @param q [B, T, H, Dz] float32 queries (after RoPE)
   * @param k [B, T, H, Dz] float32 keys (after RoPE)
   * @param v [B, T, H, Dv] float32 values
   * @return [B, T, H·Dv] float32
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v) {
    Shapes.check("q", q, "B", "T", heads, headDimZ);
    int b = Shapes.dim(q, 0);
    int t = Shapes.dim(q, 1);
    if (t % chunk != 0) {
      throw new IllegalArgumentException("q: T=" + t + " is not a multiple of the chunk " + chunk);
    }
    Shapes.check("k", k, b, t, heads, headDimZ);
    Shapes.check("v", v, b, t, heads, headDimV);
    int chunks = t / chunk;
    Operand<TFloat32> qb = perChunk(tf, q, b, chunks, headDimZ);
    Operand<TFloat32> kb = perChunk(tf, k, b, chunks, headDimZ);
    Operand<TFloat32> vb = perChunk(tf, v, b, chunks, headDimV);
    Operand<TFloat32> scores = tf.math.add(batchMatMul(tf, qb, kb, false, true), causalMask(tf));
    Operand<TFloat32> probs = tf.nn.softmax(scores);
    Operand<TFloat32> o = batchMatMul(tf, probs, vb, false, false); // [B·K·H, C, Dv]
    Operand<TFloat32> back = transpose(tf, reshape(tf, o, b, chunks, heads, chunk, headDimV), 0, 1, 3, 2, 4);
    return reshape(tf, back, b, t, (long) heads * headDimV);
  }

  /** [B, T, H, W] -> [B·K·H, C, W]. */
  private Operand<TFloat32> perChunk(Ops tf, Operand<TFloat32> x, int b, int chunks, int width) {
    Operand<TFloat32> split = reshape(tf, x, b, chunks, chunk, heads, width);
    return reshape(tf, transpose(tf, split, 0, 1, 3, 2, 4), -1, chunk, width);
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
