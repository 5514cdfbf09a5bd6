package io.megaspark.megalodon.rope;

import java.util.OptionalInt;

/**
 * The formulas of MODEL.md §2 in float64, shared by the {@link RopeScaling} records.
 *
 * <p>Hugging Face computes the same formulas in float32, so results agree to about 1e-7 relative, not exactly.
 */
final class RopeFormulas {
  private RopeFormulas() {}

  /** {@code inv_freq_i = base^(-2i/d)}, i = 0..d/2-1 (MODEL.md §2.1). */
  static double[] defaultInvFreq(int headDim, double base) {
    double[] inv = new double[headDim / 2];
    for (int i = 0; i < inv.length; i++) {
      inv[i] = 1.0 / Math.pow(base, (2.0 * i) / headDim);
    }
    return inv;
  }

  /** The NTK-aware base change {@code base * ratio^(d/(d-2))} used by static and dynamic NTK (§2.2). */
  static double ntkBase(int headDim, double base, double ratio) {
    if (headDim <= 2) {
      throw new IllegalArgumentException(
          "headDim = " + headDim + ": NTK-aware scaling needs headDim > 2 (the exponent is d/(d-2))");
    }
    return base * Math.pow(ratio, headDim / (headDim - 2.0));
  }

  /** Argument checks common to every {@link RopeScaling#compute}. */
  static void checkInputs(int headDim, double base, int maxPositionEmbeddings, OptionalInt seqLen) {
    if (headDim < 2 || headDim % 2 != 0) {
      throw new IllegalArgumentException("headDim = " + headDim + ": must be even and >= 2");
    }
    if (!(base > 1) || !Double.isFinite(base)) {
      throw new IllegalArgumentException("base (rope_theta) = " + base + ": must be finite and > 1");
    }
    if (maxPositionEmbeddings < 0) {
      throw new IllegalArgumentException("maxPositionEmbeddings = " + maxPositionEmbeddings
          + ": must be >= 0 (0 means not known)");
    }
    if (seqLen.isPresent() && seqLen.getAsInt() < 1) {
      throw new IllegalArgumentException("seqLen = " + seqLen.getAsInt() + ": must be >= 1 when given");
    }
  }

  /** Fails when a method needs max_position_embeddings and the caller passed 0 (not known). */
  static int requireMaxPositions(int maxPositionEmbeddings, String ropeType, String why) {
    if (maxPositionEmbeddings <= 0) {
      throw new IllegalArgumentException("rope_type '" + ropeType + "' needs max_position_embeddings (" + why
          + "), got " + maxPositionEmbeddings + "; pass the model's max_position_embeddings");
    }
    return maxPositionEmbeddings;
  }

  static double requireAtLeastOne(String key, double value) {
    if (!(value >= 1) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(
          key + " = " + value + ": must be finite and >= 1 (1 means no scaling)");
    }
    return value;
  }

  static double requirePositive(String key, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(key + " = " + value + ": must be finite and > 0");
    }
    return value;
  }

  static void requirePositive(String key, OptionalInt value) {
    if (value.isPresent() && value.getAsInt() <= 0) {
      throw new IllegalArgumentException(key + " = " + value.getAsInt() + ": must be > 0 when given");
    }
  }

  /**
   * YaRN's inverse dimension formula (§2.2 step 1): the pair index at which a pair makes {@code rotations} full
   * turns over {@code length} positions, {@code d ln(L / (2 pi rotations)) / (2 ln base)}.
   */
  static double yarnCorrectionDim(double rotations, int headDim, double base, int length) {
    return headDim * Math.log(length / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
  }

  /** YaRN's {@code get_mscale}: 1 for s <= 1, else {@code 0.1 m ln(s) + 1} (§2.2). */
  static double yarnMscale(double scale, double m) {
    return scale <= 1 ? 1.0 : 0.1 * m * Math.log(scale) + 1.0;
  }

  /**
   * NTK-by-parts blend (§2.2 steps 3-4): pairs below {@code low} keep their frequency, pairs above {@code high}
   * are divided by {@code factor}, and a linear ramp mixes the two in between.
   */
  static double[] yarnBlend(double[] inv, double factor, double low, double high) {
    double hi = low == high ? high + 0.001 : high; // Hugging Face's guard against 0/0
    double[] out = new double[inv.length];
    for (int i = 0; i < inv.length; i++) {
      double ramp = Math.min(1.0, Math.max(0.0, (i - low) / (hi - low)));
      out[i] = inv[i] / factor * ramp + inv[i] * (1 - ramp);
    }
    return out;
  }

  /**
   * Llama 3.1's rule (§2.2): with wavelength {@code w = 2 pi / inv}, keep pairs with {@code w < L/high}, divide
   * pairs with {@code w > L/low} by the factor, and blend the rest with {@code s = (L/w - low)/(high - low)}.
   */
  static double[] llama3Blend(double[] inv, double factor, double low, double high, int originalLength) {
    double lowFreqWavelength = originalLength / low;
    double highFreqWavelength = originalLength / high;
    double[] out = new double[inv.length];
    for (int i = 0; i < inv.length; i++) {
      double wavelength = 2 * Math.PI / inv[i];
      if (wavelength < highFreqWavelength) {
        out[i] = inv[i];
      } else if (wavelength > lowFreqWavelength) {
        out[i] = inv[i] / factor;
      } else {
        double smooth = (originalLength / wavelength - low) / (high - low);
        out[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
      }
    }
    return out;
  }
}
