package io.megaspark.megalodon.rope;

import java.util.Arrays;

/**
 * What every RoPE scaling method produces (MODEL.md §2.1): the inverse frequency of each rotated pair and the
 * factor that multiplies both cos and sin.
 *
 * <p>Pair i rotates by the angle {@code position * invFreq[i]}. Because the attention factor scales both q and
 * k, attention logits are scaled by its square.
 *
 * @param invFreq [Dz/2] inverse frequencies, finite and positive; copied in and out
 * @param attentionFactor finite and positive; 1 for every method except YaRN and LongRoPE
 */
public record RopeFrequencies(double[] invFreq, double attentionFactor) {
  public RopeFrequencies {
    if (invFreq == null || invFreq.length == 0) {
      throw new IllegalArgumentException("invFreq: expected at least one pair, got "
          + (invFreq == null ? "null" : "an empty array"));
    }
    invFreq = invFreq.clone();
    for (int i = 0; i < invFreq.length; i++) {
      if (!(invFreq[i] > 0) || !Double.isFinite(invFreq[i])) {
        throw new IllegalArgumentException(
            "invFreq[" + i + "] = " + invFreq[i] + ": every inverse frequency must be finite and > 0");
      }
    }
    if (!(attentionFactor > 0) || !Double.isFinite(attentionFactor)) {
      throw new IllegalArgumentException(
          "attentionFactor = " + attentionFactor + ": must be finite and > 0");
    }
  }

  /** A copy of the inverse frequencies, [Dz/2]. */
  @Override
  public double[] invFreq() {
    return invFreq.clone();
  }

  /** Number of rotated pairs, Dz/2. */
  public int pairs() {
    return invFreq.length;
  }

  /** The rotary dimension this table is for, Dz = 2 * pairs. */
  public int headDim() {
    return 2 * invFreq.length;
  }

  /** Inverse frequency of pair {@code i}. */
  public double invFreq(int i) {
    return invFreq[i];
  }

  /** Rotation angle of pair {@code i} at {@code position}: {@code position * invFreq[i]}. */
  public double angle(long position, int i) {
    return position * invFreq[i];
  }

  /** The inverse frequencies rounded to float32, [Dz/2], as the TensorFlow rotary op takes them. */
  public float[] invFreqAsFloats() {
    float[] out = new float[invFreq.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) invFreq[i];
    }
    return out;
  }

  /** The attention factor rounded to float32, as the TensorFlow rotary op takes it. */
  public float attentionFactorAsFloat() {
    return (float) attentionFactor;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RopeFrequencies f
        && Arrays.equals(invFreq, f.invFreq)
        && Double.compare(attentionFactor, f.attentionFactor) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(invFreq) + Double.hashCode(attentionFactor);
  }

  @Override
  public String toString() {
    return "RopeFrequencies[invFreq=" + Arrays.toString(invFreq) + ", attentionFactor=" + attentionFactor + "]";
  }
}
