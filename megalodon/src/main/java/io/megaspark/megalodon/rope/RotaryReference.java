package io.megaspark.megalodon.rope;

/**
 * The slow, obviously correct rotary embedding in plain float64 Java: the test oracle for the TensorFlow rotary op.
 *
 * <p>Pair i with dimensions (a, b) given by the layout is treated as the complex number {@code x_a + i x_b} and
 * multiplied by {@code attentionFactor * e^(i * position * invFreq[i])} (MODEL.md §1.4, §2.1). Hugging Face's
 * {@code q*cos + rotate_half(q)*sin} with cos and sin scaled by the attention factor is the same map in the
 * ROTATE_HALF layout.
 */
public final class RotaryReference {
  private RotaryReference() {}

  /**
   * Rotates one head vector.
   *
   * @param x [Dz] one query or key head vector, Dz = {@code frequencies.headDim()}; not modified
   * @param position the token position (within the chunk for MEGALODON)
   * @param frequencies inverse frequencies [Dz/2] and attention factor
   * @param layout which dimensions form each pair
   * @return [Dz] the rotated vector
   */
  public static double[] apply(double[] x, int position, RopeFrequencies frequencies, RopeLayout layout) {
    int d = frequencies.headDim();
    if (x.length != d) {
      throw new IllegalArgumentException(
          "x: expected [" + d + "] (2 x " + frequencies.pairs() + " pairs), got [" + x.length + "]");
    }
    double scale = frequencies.attentionFactor();
    double[] out = new double[d];
    for (int i = 0; i < frequencies.pairs(); i++) {
      int a = layout.first(i, d);
      int b = layout.second(i, d);
      double angle = frequencies.angle(position, i);
      double cos = Math.cos(angle) * scale;
      double sin = Math.sin(angle) * scale;
      out[a] = x[a] * cos - x[b] * sin;
      out[b] = x[b] * cos + x[a] * sin;
    }
    return out;
  }

  /**
   * Rotates every row of a chunk, row t at position {@code firstPosition + t}.
   *
   * @param x [C][Dz] query or key rows of one head; not modified
   * @return [C][Dz] the rotated rows
   */
  public static double[][] applyRows(
      double[][] x, int firstPosition, RopeFrequencies frequencies, RopeLayout layout) {
    double[][] out = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      out[t] = apply(x[t], firstPosition + t, frequencies, layout);
    }
    return out;
  }
}
