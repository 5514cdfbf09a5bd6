package io.megaspark.megalodon.rope;

import static io.megaspark.megalodon.graph.GraphOps.reshape;

import io.megaspark.megalodon.graph.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Interleaved rotary position embedding as a graph op (MODEL.md 1.4, 2.1): adjacent dimensions
 * (2i, 2i+1) form one complex number rotated by {@code position · invFreq[i]}, and both cos and sin are
 * multiplied by {@code attentionFactor}. Positions restart at 0 in every attention chunk, so a block of T
 * steps uses positions {@code t mod C}.
 *
 * <p>The inverse frequencies come in as a {@code float[]} so that any RoPE scaling method can supply them
 * (the default is {@code base^(-2i/Dz)}, {@link #defaultInverseFrequencies}).
 */
public final class RotaryEmbedding {
  private final float[] invFreq;
  private final float attentionFactor;
  private final int chunk;

  /**
   * @param invFreq [Dz/2] inverse frequencies
   * @param attentionFactor multiplies cos and sin (1 unless a scaling method says otherwise)
   * @param chunk C: positions run 0..C-1 inside each chunk
   */
  public RotaryEmbedding(float[] invFreq, float attentionFactor, int chunk) {
    if (invFreq == null || invFreq.length == 0) {
      throw new IllegalArgumentException("invFreq: expected at least one pair");
    }
    if (!(attentionFactor > 0) || !Float.isFinite(attentionFactor)) {
      throw new IllegalArgumentException("attentionFactor must be finite and > 0, got " + attentionFactor);
    }
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be positive, got " + chunk);
    }
    this.invFreq = invFreq.clone();
    this.attentionFactor = attentionFactor;
    this.chunk = chunk;
  }

  /** {@code base^(-2i/headDim)} for i = 0..headDim/2-1, rounded to float32 (the official buffer). */
  public static float[] defaultInverseFrequencies(int headDim, double base) {
    float[] f = new float[headDim / 2];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) (1.0 / Math.pow(base, 2.0 * i / headDim));
    }
    return f;
  }

  /**
   * @param x [B, T, Dz] or [B, T, H, Dz] float32 with T a multiple of the chunk and Dz = 2·invFreq.length
   * @return x's shape, rotated
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    int dz = 2 * invFreq.length;
    int rank = x.shape().numDimensions();
    if (rank == 4) {
      Shapes.check("x", x, "B", "T", "H", dz);
    } else {
      Shapes.check("x", x, "B", "T", dz);
    }
    int t = Shapes.dim(x, 1);
    if (t % chunk != 0) {
      throw new IllegalArgumentException("x: T=" + t + " is not a multiple of the chunk " + chunk);
    }
    float[] cos = new float[t * dz];
    float[] sin = new float[t * dz];
    for (int pos = 0; pos < t; pos++) {
      int p = pos % chunk;
      for (int i = 0; i < invFreq.length; i++) {
        double angle = p * (double) invFreq[i];
        float c = (float) (Math.cos(angle) * attentionFactor);
        float s = (float) (Math.sin(angle) * attentionFactor);
        cos[pos * dz + 2 * i] = c;
        cos[pos * dz + 2 * i + 1] = c;
        sin[pos * dz + 2 * i] = s;
        sin[pos * dz + 2 * i + 1] = s;
      }
    }
    Shape table = rank == 4 ? Shape.of(t, 1, dz) : Shape.of(t, dz);
    Operand<TFloat32> cosT = tf.constant(table, DataBuffers.of(cos, true, false));
    Operand<TFloat32> sinT = tf.constant(table, DataBuffers.of(sin, true, false));
    // swap(x)[2i] = -x[2i+1], swap(x)[2i+1] = x[2i], as a small matmul (one op, no strided copies).
    float[] swap = new float[dz * dz];
    for (int i = 0; i < invFreq.length; i++) {
      swap[(2 * i + 1) * dz + 2 * i] = -1f;
      swap[(2 * i) * dz + 2 * i + 1] = 1f;
    }
    Operand<TFloat32> swapT = tf.constant(Shape.of(dz, dz), DataBuffers.of(swap, true, false));
    long[] shape = x.shape().asArray();
    Operand<TFloat32> swapped = reshape(tf, tf.linalg.matMul(reshape(tf, x, -1, dz), swapT), shape);
    return tf.math.add(tf.math.mul(x, cosT), tf.math.mul(swapped, sinT));
  }
}
