package io.megaspark.megalodon.rope;

import static io.megaspark.megalodon.rope.RopeFormulas.checkInputs;
import static io.megaspark.megalodon.rope.RopeFormulas.defaultInvFreq;
import static io.megaspark.megalodon.rope.RopeFormulas.requireAtLeastOne;
import static io.megaspark.megalodon.rope.RopeFormulas.requireMaxPositions;
import static io.megaspark.megalodon.rope.RopeFormulas.requirePositive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A RoPE scaling method (MODEL.md §2): one record per method, each turning (head width, base, context lengths)
 * into {@link RopeFrequencies}. Hugging Face's {@code rope_scaling} / {@code rope_parameters} objects map onto
 * these records through {@link RopeScalingConfig#fromJson}; {@link #hfParameters()} maps back.
 *
 * <p>{@code compute(headDim, base, maxPositionEmbeddings, seqLen)}:
 *
 * <ul>
 *   <li>{@code headDim}: the rotary width Dz (even); the result has Dz/2 pairs;
 *   <li>{@code base}: {@code rope_theta};
 *   <li>{@code maxPositionEmbeddings}: the model's {@code max_position_embeddings}, or 0 when not known (only
 *       methods with {@link #usesMaxPositionEmbeddings()} need it);
 *   <li>{@code seqLen}: the current sequence length; only {@link DynamicNtk} and {@link LongRope} read it.
 * </ul>
 *
 * <p>MEGALODON itself needs none of this (its positions never leave the chunk); the methods serve Transformer
 * baselines and pretrained RoPE models.
 */
public sealed interface RopeScaling
    permits RopeScaling.Default,
        RopeScaling.Linear,
        RopeScaling.Ntk,
        RopeScaling.DynamicNtk,
        RopeScaling.Yarn,
        RopeScaling.Llama3,
        RopeScaling.LongRope {

  /** The Hugging Face {@code rope_type} name of this method. */
  String ropeType();

  /** Inverse frequencies and attention factor; see the interface documentation for the arguments. */
  RopeFrequencies compute(int headDim, double base, int maxPositionEmbeddings, OptionalInt seqLen);

  /** {@link #compute(int, double, int, OptionalInt)} with no current sequence length (model load time). */
  default RopeFrequencies compute(int headDim, double base, int maxPositionEmbeddings) {
    return compute(headDim, base, maxPositionEmbeddings, OptionalInt.empty());
  }

  /** Whether {@code compute} needs a known (non-zero) {@code maxPositionEmbeddings}. */
  default boolean usesMaxPositionEmbeddings() {
    return false;
  }

  /** The method's parameters under their Hugging Face keys, without {@code rope_type} and {@code rope_theta}. */
  Map<String, Object> hfParameters();

  /**
   * Parses a Hugging Face {@code rope_scaling} object; a {@code rope_theta} in it is accepted and read only by
   * {@link RopeScalingConfig#fromJson}.
   */
  static RopeScaling parse(JsonNode ropeScaling, String where) {
    return RopeScalingConfig.fromJson(ropeScaling, where).scaling();
  }

  /** Plain RoPE: {@code inv_freq_i = base^(-2i/d)}, attention factor 1. */
  record Default() implements RopeScaling {
    @Override
    public String ropeType() {
      return "default";
    }

    @Override
    public RopeFrequencies compute(int headDim, double base, int maxPositionEmbeddings, OptionalInt seqLen) {
      checkInputs(headDim, base, maxPositionEmbeddings, seqLen);
      return new RopeFrequencies(defaultInvFreq(headDim, base), 1.0);
    }

    @Override
    public Map<String, Object> hfParameters() {
      return Map.of();
    }
  }

  /** Position interpolation (Chen et al. 2023): {@code inv_freq / factor}, i.e. position m read as m/factor. */
  record Linear(double factor) implements RopeScaling {
    public Linear {
      requireAtLeastOne("factor", factor);
    }

    @Override
    public String ropeType() {
      return "linear";
    }

    @Override
    public RopeFrequencies compute(int headDim, double base, int maxPositionEmbeddings, OptionalInt seqLen) {
      checkInputs(headDim, base, maxPositionEmbeddings, seqLen);
      double[] inv = defaultInvFreq(headDim, base);
      for (int i = 0; i < inv.length; i++) {
        inv[i] /= factor;
      }
      return new RopeFrequencies(inv, 1.0);
    }

    @Override
    public Map<String, Object> hfParameters() {
      return Map.of("factor", factor);
    }
  }

  /**
   * Static NTK-aware scaling (bloc97; {@code rope_type: "ntk"}): {@code base' = base * alpha^(d/(d-2))}. The
   * highest frequency is kept and the lowest is interpolated by exactly alpha.
   */
  record Ntk(double alpha) implements RopeScaling {
    public Ntk {
      requireAtLeastOne("alpha", alpha);
    }

    /** The changed base {@code base * alpha^(d/(d-2))}. */
    public double scaledBase(int headDim, double base) {
      return RopeFormulas.ntkBase(headDim, base, alpha);
    }

    @Override
    public String ropeType() {
      return "ntk";
    }

    @Override
    public RopeFrequencies compute(int headDim, double base, int maxPositionEmbeddings, OptionalInt seqLen) {
      checkInputs(headDim, base, maxPositionEmbeddings, seqLen);
      return new RopeFrequencies(defaultInvFreq(headDim, scaledBase(headDim, base)), 1.0);
    }

    @Override
    public Map<String, Object> hfParameters() {
      return Map.of("alpha", alpha);
    }
  }

  /**
   * Dynamic NTK (emozilla; Hugging Face {@code "dynamic"}): at length {@code l* = max(seqLen, L)},
   * {@code base' = base * (factor * l* / L - (factor - 1))^(d/(d-2))}, with L the original context
   * ({@code original_max_position_embeddings} when given, else {@code max_position_embeddings}). At or below L it
   * equals plain RoPE. {@link DynamicNtkTracker} applies Hugging Face's grow-and-reset rule.
   */
  record DynamicNtk(double factor, OptionalInt originalMaxPositionEmbeddings) implements RopeScaling {
    public DynamicNtk {
      requireAtLeastOne("factor", factor);
      requirePositive("original_max_position_embeddings", originalMaxPositionEmbeddings);
    }

    public DynamicNtk(double factor) {
      this(factor, OptionalInt.empty());
    }

    /** The original context L: {@code original_max_position_embeddings}, else {@code maxPositionEmbeddings}. */
    public int originalLength(int maxPositionEmbeddings) {
      if (originalMaxPositionEmbeddings.isPresent()) {
        return originalMaxPositionEmbeddings.getAsInt();
      }
      return requireMaxPositions(maxPositionEmbeddings, "dynamic", "it is the original context length L");
    }

    /** The changed base at sequence length {@code length} for original context {@code originalLength}. */
    public double scaledBase(int headDim, double base, int originalLength, int length) {
      int effective = Math.max(length, originalLength);
      return RopeFormulas.ntkBase(headDim, base, factor * effective / originalLength - (factor - 1));
    }

    @Override
    public String ropeType() {
      return "dynamic";
    }

    @Override
    public boolean usesMaxPositionEmbeddings() {
      return originalMaxPositionEmbeddings.isEmpty();
    }

    @Override
    public RopeFrequencies compute(int headDim, double base, int maxPositionEmbeddings, OptionalInt seqLen) {
      checkInputs(headDim, base, maxPositionEmbeddings, seqLen);
      int original = originalLength(maxPositionEmbeddings);
      double scaled = scaledBase(headDim, base, original, seqLen.orElse(original));
      return new RopeFrequencies(defaultInvFreq(headDim, scaled), 1.0);
    }

    @Override
    public Map<String, Object> hfParameters() {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("factor", factor);
      originalMaxPositionEmbeddings.ifPresent(v -> p.put("original_max_position_embeddings", v));
      return p;
    }
  }

  /**
   * YaRN (Peng et al. 2023; Hugging Face {@code "yarn"}): NTK-by-parts interpolation plus the attention factor
   * {@code mscale} (MODEL.md §2.2). L is {@code original_max_position_embeddings} when given, else
   * {@code max_position_embeddings}; a missing factor is {@code max_position_embeddings / L}.
   *
   * @param factor scale s (>= 1); empty means {@code maxPositionEmbeddings / originalMaxPositionEmbeddings}
   * @param betaFast rotations bounding the kept high-frequency pairs (Hugging Face default 32)
   * @param betaSlow rotations bounding the fully interpolated low-frequency pairs (default 1)
   * @param attentionFactor overrides the mscale formula when given
   * @param mscale with {@code mscaleAllDim}: attention factor {@code get_mscale(s, mscale)/get_mscale(s, all)}
   * @param truncate floor/ceil the ramp bounds to whole pairs (default true)
   */
  record Yarn(
      OptionalDouble factor,
      double betaFast,
      double betaSlow,
      OptionalDouble attentionFactor,
      OptionalDouble mscale,
      OptionalDouble mscaleAllDim,
      boolean truncate,
      OptionalInt originalMaxPositionEmbeddings)
      implements RopeScaling {
    public static final double DEFAULT_BETA_FAST = 32;
    public static final double DEFAULT_BETA_SLOW = 1;

    public Yarn {
      if (factor.isEmpty() && originalMaxPositionEmbeddings.isEmpty()) {
        throw new IllegalArgumentException("factor: required unless original_max_position_embeddings is given"
            + " (then factor = max_position_embeddings / original_max_position_embeddings)");
      }
      factor.ifPresent(f -> requireAtLeastOne("factor", f));
      requirePositive("beta_fast", betaFast);
      requirePositive("beta_slow", betaSlow);
      if (!(betaFast > betaSlow)) {
        throw new IllegalArgumentException("beta_fast = " + betaFast + ", beta_slow = " + betaSlow
            + ": beta_fast must be > beta_slow (defaults 32 and 1)");
      }
      attentionFactor.ifPresent(a -> requirePositive("attention_factor", a));
      mscale.ifPresent(m -> requireFinite("mscale", m));
      mscaleAllDim.ifPresent(m -> requireFinite("mscale_all_dim", m));
      requirePositive("original_max_position_embeddings", originalMaxPositionEmbeddings);
    }

    /** YaRN with factor s and every other parameter at its Hugging Face default; L = max_position_embeddings. */
    public static Yarn of(double factor) {
      return new Yarn(OptionalDouble.of(factor), DEFAULT_BETA_FAST, DEFAULT_BETA_SLOW, OptionalDouble.empty(),
          OptionalDouble.empty(), OptionalDouble.empty(), true, OptionalInt.empty());
    }

    /** YaRN with factor s and original context L, other parameters at their defaults. */
    public static Yarn of(double factor, int originalMaxPositionEmbeddings) {
      return new Yarn(OptionalDouble.of(factor), DEFAULT_BETA_FAST, DEFAULT_BETA_SLOW, OptionalDouble.empty(),
          OptionalDouble.empty(), OptionalDouble.empty(), true, OptionalInt.of(originalMaxPositionEmbeddings));
    }

    /** Ramp bounds in pair indices: pairs below {@code low} keep their frequency, above {@code high} are scaled. */
    public record CorrectionRange(double low, double high) {}

    /** The ramp bounds for original context {@code originalLength} (§2.2 steps 1-2). */
    public CorrectionRange correctionRange(int headDim, double base, int originalLength) {
      double low = RopeFormulas.yarnCorrectionDim(betaFast, headDim, base, originalLength);
      double high = RopeFormulas.yarnCorrectionDim(betaSlow, headDim, base, originalLength);
      if (truncate) {
        low = Math.floor(low);
        high = Math.ceil(high);
      }
      return new CorrectionRange(Math.max(low, 0), Math.min(high, headDim - 1));
    }

    /** {@code get_mscale(s, m)}: 1 for s <= 1, else {@code 0.1 m ln(s) + 1}. */
    public static double mscale(double scale, double m) {
      return RopeFormulas.yarnMscale(scale, m);
    }

    /** The original context L. */
    public int originalLength(int maxPositionEmbeddings) {
      if (originalMaxPositionEmbeddings.isPresent()) {
        return originalMaxPositionEmbeddings.getAsInt();
      }
      return requireMaxPositions(maxPositionEmbeddings, "yarn",
          "it is the original context length L when original_max_position_embeddings is absent");
    }

    /** The scale s: {@code factor}, else {@code maxPositionEmbeddings / original_max_position_embeddings}. */
    public double scale(int maxPositionEmbeddings) {
      if (factor.isPresent()) {
        return factor.getAsDouble();
      }
      int max = requireMaxPositions(maxPositionEmbeddings, "yarn",
          "factor is absent, so it is max_position_embeddings / original_max_position_embeddings");
      return requireAtLeastOne("factor (max_position_embeddings / original_max_position_embeddings)",
          (double) max / originalMaxPositionEmbeddings.getAsInt());
    }

    @Override
    public String ropeType() {
      return "yarn";
    }

    @Override
    public boolean usesMaxPositionEmbeddings() {
      return factor.isEmpty() || originalMaxPositionEmbeddings.isEmpty();
    }

    @Override
    public RopeFrequencies compute(int headDim, double base, int maxPositionEmbeddings, OptionalInt seqLen) {
      checkInputs(headDim, base, maxPositionEmbeddings, seqLen);
      double s = scale(maxPositionEmbeddings);
      CorrectionRange range = correctionRange(headDim, base, originalLength(maxPositionEmbeddings));
      double[] inv = RopeFormulas.yarnBlend(defaultInvFreq(headDim, base), s, range.low(), range.high());
      return new RopeFrequencies(inv, attentionFactorFor(s));
    }

    private double attentionFactorFor(double s) {
      if (attentionFactor.isPresent()) {
        return attentionFactor.getAsDouble();
      }
      // Hugging Face tests `mscale and mscale_all_dim` for truth: both given and non-zero (DeepSeek convention).
      if (mscale.orElse(0) != 0 && mscaleAllDim.orElse(0) != 0) {
        return mscale(s, mscale.getAsDouble()) / mscale(s, mscaleAllDim.getAsDouble());
      }
      return mscale(s, 1.0);
    }

    @Override
    public Map<String, Object> hfParameters() {
      Map<String, Object> p = new LinkedHashMap<>();
      factor.ifPresent(v -> p.put("factor", v));
      p.put("beta_fast", betaFast);
      p.put("beta_slow", betaSlow);
      attentionFactor.ifPresent(v -> p.put("attention_factor", v));
      mscale.ifPresent(v -> p.put("mscale", v));
      mscaleAllDim.ifPresent(v -> p.put("mscale_all_dim", v));
      p.put("truncate", truncate);
      originalMaxPositionEmbeddings.ifPresent(v -> p.put("original_max_position_embeddings", v));
      return p;
    }

    private static void requireFinite(String key, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(key + " = " + value + ": must be finite");
      }
    }
  }

  /**
   * Llama 3.1 (Hugging Face {@code "llama3"}): wavelength bands around the original context L keep, divide or
   * blend each frequency (MODEL.md §2.2). Attention factor 1.
   */
  record Llama3(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositionEmbeddings)
      implements RopeScaling {
    public Llama3 {
      requireAtLeastOne("factor", factor);
      requirePositive("low_freq_factor", lowFreqFactor);
      requirePositive("high_freq_factor", highFreqFactor);
      if (!(highFreqFactor > lowFreqFactor)) {
        throw new IllegalArgumentException("high_freq_factor = " + highFreqFactor + ", low_freq_factor = "
            + lowFreqFactor + ": high_freq_factor must be > low_freq_factor (Llama 3.1 uses 4 and 1)");
      }
      requirePositive("original_max_position_embeddings", OptionalInt.of(originalMaxPositionEmbeddings));
    }

    @Override
    public String ropeType() {
      return "llama3";
    }

    @Override
    public RopeFrequencies compute(int headDim, double base, int maxPositionEmbeddings, OptionalInt seqLen) {
      checkInputs(headDim, base, maxPositionEmbeddings, seqLen);
      double[] inv = RopeFormulas.llama3Blend(defaultInvFreq(headDim, base), factor, lowFreqFactor,
          highFreqFactor, originalMaxPositionEmbeddings);
      return new RopeFrequencies(inv, 1.0);
    }

    @Override
    public Map<String, Object> hfParameters() {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("factor", factor);
      p.put("low_freq_factor", lowFreqFactor);
      p.put("high_freq_factor", highFreqFactor);
      p.put("original_max_position_embeddings", originalMaxPositionEmbeddings);
      return p;
    }
  }

  /**
   * LongRoPE (Phi-3; Hugging Face {@code "longrope"}): {@code inv_freq_i = 1 / (ext_i * base^(2i/d))} with
   * {@code ext = long_factor} when the current length exceeds the original context L, else
   * {@code short_factor}. With {@code original_max_position_embeddings} the factor is
   * {@code max_position_embeddings / L}; the attention factor defaults to {@code sqrt(1 + ln(factor)/ln(L))}.
   *
   * @param shortFactor [Dz/2] per-pair rescale up to L; copied
   * @param longFactor [Dz/2] per-pair rescale beyond L; copied
   */
  record LongRope(
      double[] shortFactor,
      double[] longFactor,
      OptionalDouble factor,
      OptionalDouble attentionFactor,
      OptionalInt originalMaxPositionEmbeddings)
      implements RopeScaling {
    public LongRope {
      shortFactor = checkedFactors("short_factor", shortFactor);
      longFactor = checkedFactors("long_factor", longFactor);
      if (shortFactor.length != longFactor.length) {
        throw new IllegalArgumentException("short_factor has " + shortFactor.length + " entries, long_factor "
            + longFactor.length + ": both need one entry per rotated pair (head_dim / 2)");
      }
      factor.ifPresent(f -> requireAtLeastOne("factor", f));
      attentionFactor.ifPresent(a -> requirePositive("attention_factor", a));
      requirePositive("original_max_position_embeddings", originalMaxPositionEmbeddings);
    }

    @Override
    public double[] shortFactor() {
      return shortFactor.clone();
    }

    @Override
    public double[] longFactor() {
      return longFactor.clone();
    }

    /** The scale: {@code max_position_embeddings / original_max_position_embeddings}, else factor, else 1. */
    public double scale(int maxPositionEmbeddings) {
      int max = requireMaxPositions(maxPositionEmbeddings, "longrope", "it sets the original context and scale");
      if (originalMaxPositionEmbeddings.isEmpty()) {
        return factor.orElse(1.0);
      }
      double ratio = (double) max / originalMaxPositionEmbeddings.getAsInt();
      if (factor.isPresent() && Math.abs(factor.getAsDouble() - ratio) > 1e-9 * ratio) {
        throw new IllegalArgumentException("factor = " + factor.getAsDouble()
            + " disagrees with max_position_embeddings / original_max_position_embeddings = " + max + " / "
            + originalMaxPositionEmbeddings.getAsInt() + " = " + ratio
            + "; Hugging Face uses the ratio: drop factor or fix the lengths");
      }
      return ratio;
    }

    @Override
    public String ropeType() {
      return "longrope";
    }

    @Override
    public boolean usesMaxPositionEmbeddings() {
      return true;
    }

    @Override
    public RopeFrequencies compute(int headDim, double base, int maxPositionEmbeddings, OptionalInt seqLen) {
      checkInputs(headDim, base, maxPositionEmbeddings, seqLen);
      if (shortFactor.length != headDim / 2) {
        throw new IllegalArgumentException("short_factor/long_factor have " + shortFactor.length
            + " entries but head_dim " + headDim + " has " + headDim / 2 + " rotated pairs");
      }
      double s = scale(maxPositionEmbeddings);
      int original = originalMaxPositionEmbeddings.orElse(maxPositionEmbeddings);
      double attention = attentionFactor.orElse(
          s <= 1 ? 1.0 : Math.sqrt(1 + Math.log(s) / Math.log(original)));
      boolean beyondOriginal = seqLen.isPresent() && seqLen.getAsInt() > original;
      double[] ext = beyondOriginal ? longFactor : shortFactor;
      double[] inv = defaultInvFreq(headDim, base);
      for (int i = 0; i < inv.length; i++) {
        inv[i] /= ext[i];
      }
      return new RopeFrequencies(inv, attention);
    }

    @Override
    public Map<String, Object> hfParameters() {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("short_factor", shortFactor.clone());
      p.put("long_factor", longFactor.clone());
      factor.ifPresent(v -> p.put("factor", v));
      attentionFactor.ifPresent(v -> p.put("attention_factor", v));
      originalMaxPositionEmbeddings.ifPresent(v -> p.put("original_max_position_embeddings", v));
      return p;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LongRope r
          && Arrays.equals(shortFactor, r.shortFactor)
          && Arrays.equals(longFactor, r.longFactor)
          && factor.equals(r.factor)
          && attentionFactor.equals(r.attentionFactor)
          && originalMaxPositionEmbeddings.equals(r.originalMaxPositionEmbeddings);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(shortFactor) * 31 + Arrays.hashCode(longFactor);
    }

    @Override
    public String toString() {
      return "LongRope[shortFactor=" + Arrays.toString(shortFactor) + ", longFactor="
          + Arrays.toString(longFactor) + ", factor=" + factor + ", attentionFactor=" + attentionFactor
          + ", originalMaxPositionEmbeddings=" + originalMaxPositionEmbeddings + "]";
    }

    private static double[] checkedFactors(String key, double[] values) {
      if (values == null || values.length == 0) {
        throw new IllegalArgumentException(key + ": required, one positive number per rotated pair");
      }
      double[] copy = values.clone();
      for (int i = 0; i < copy.length; i++) {
        requirePositive(key + "[" + i + "]", copy[i]);
      }
      return copy;
    }
  }
}
