package io.megaspark.megalodon.train;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.rope.RopeFrequencies;
import io.megaspark.megalodon.rope.RopeScaling;
import java.util.Arrays;

/**
 * The rotary embedding's frequencies and attention factor (MODEL.md 1.4, 2.1): angle = position·
 * invFreq[i] for the interleaved pair (2i, 2i+1), with both cos and sin multiplied by the factor.
 * A RoPE scaling method (MODEL.md 2.2) only changes these two.
 *
 * @param invFreq [Dz/2] inverse frequencies
 * @param attentionFactor multiplies cos and sin (1 for the plain table)
 */
public record RotaryTable(double[] invFreq, double attentionFactor) {
  public RotaryTable {
    invFreq = invFreq.clone();
    if (!(attentionFactor > 0)) {
      throw new IllegalArgumentException("rope attention_factor must be positive: " + attentionFactor);
    }
  }

  /** The unscaled table: invFreq[i] = base^(−2i/Dz). */
  public static RotaryTable standard(int headDimZ, double base) {
    double[] f = new double[headDimZ / 2];
    for (int i = 0; i < f.length; i++) {
      f[i] = Math.pow(base, -2.0 * i / headDimZ);
    }
    return new RotaryTable(f, 1.0);
  }

  /**
   * The table a model's config.json asks for: its {@code rope_scaling} at its attention chunk ({@link
   * MegalodonConfig#ropeFrequencies()}, what inference uses), or the {@link #standard} table when the
   * config sets no scaling (the same frequencies to the last bit or two; kept so that plain runs stay
   * bit-identical to the runs before RoPE scaling lived in config.json).
   */
  public static RotaryTable of(MegalodonConfig c) {
    if (c.ropeScaling().scaling() instanceof RopeScaling.Default) {
      return standard(c.headDimZ(), c.ropeBase());
    }
    RopeFrequencies f = c.ropeFrequencies();
    return new RotaryTable(f.invFreq(), f.attentionFactor());
  }

  @Override
  public double[] invFreq() {
    return invFreq.clone();
  }

  /** cos (row 0) and sin (row 1) for positions 0..chunk−1, each [chunk * Dz/2], times the factor. */
  double[][] cosSin(int chunk) {
    int half = invFreq.length;
    double[][] cs = new double[2][chunk * half];
    for (int p = 0; p < chunk; p++) {
      for (int i = 0; i < half; i++) {
        double a = p * invFreq[i];
        cs[0][p * half + i] = Math.cos(a) * attentionFactor;
        cs[1][p * half + i] = Math.sin(a) * attentionFactor;
      }
    }
    return cs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RotaryTable r && Arrays.equals(invFreq, r.invFreq) && attentionFactor == r.attentionFactor;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(invFreq) * 31 + Double.hashCode(attentionFactor);
  }
}
