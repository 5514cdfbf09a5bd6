package io.megaspark.megalodon.config;

import io.megaspark.megalodon.memory.InfiniMemoryConfig;
import io.megaspark.megalodon.rope.RopeFrequencies;
import io.megaspark.megalodon.rope.RopeScalingConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inference settings of a MEGALODON model: every inference key of the official {@code ModelConf}
 * (MODEL.md sections 1.1 and 1.5) plus Megaspark's {@code tokenizer} name, its context-extension settings
 * (an inference chunk size, RoPE scaling, Infini memory; docs/context-extension.md). Build one with
 * {@link #load}, {@link #fromJson} or {@link #builder()}; the canonical constructor grows when a later
 * section (LoRA) is added, the builder does not change.
 *
 * @param numLayers {@code num_layers}: MEGALODON blocks
 * @param modelDim {@code model_dim}: D
 * @param zDim {@code z_dim}: width of the shared query/key representation Z, split into H heads of Dz
 * @param valueDim {@code value_dim}: width of V and of the gate R, split into H heads of Dv
 * @param numHeads {@code num_heads}: H
 * @param ffnHiddenDim {@code ffn_hidden_dim}: F
 * @param cemaNdim {@code cema_ndim}: N, the complex EMA order
 * @param chunkSize {@code chunk_size}: C, attention never crosses a chunk
 * @param vocabSize {@code vocab_size}: input vocabulary
 * @param outputSize {@code output_size}: output vocabulary, -1 means {@code vocab_size}
 * @param normNumGroups {@code norm_num_groups}: G, TimestepNorm groups
 * @param normAffine {@code norm_affine}: whether norms have a weight and bias
 * @param normEps {@code norm_eps}: epsilon inside every norm's square root
 * @param ropeBase {@code rope_base}: RoPE base; the official null means 10000
 * @param swiglu {@code swiglu}: SwiGLU FFN (with {@code fc3}) instead of SiLU
 * @param rescaleNffn {@code rescale_nffn}: per-dimension FFN output scale {@code nffn.alpha}
 * @param scaleEmb {@code scale_emb}: multiply embeddings by sqrt(D)
 * @param shareEmb {@code share_emb}: the LM head uses the embedding weight
 * @param tokenizer Megaspark's tokenizer name, one of {@link #TOKENIZERS}
 * @param chunkSizeOverride {@code chunk_size_override}: the attention chunk used at inference when it differs
 *     from the trained {@code chunk_size}, 0 for none; blocks must be multiples of {@link #attentionChunk()}
 * @param ropeScaling the {@code rope_scaling} (or {@code rope_parameters}) section; its {@code rope_theta},
 *     when present, equals {@code ropeBase}. MEGALODON's "max_position_embeddings" is the trained
 *     {@code chunk_size} (positions never leave a chunk) and the current length is the attention chunk
 * @param infini the {@code infini} section: Infini-attention memory, {@link InfiniMemoryConfig#DISABLED}
 *     when absent
 */
public record MegalodonConfig(
    int numLayers,
    int modelDim,
    int zDim,
    int valueDim,
    int numHeads,
    int ffnHiddenDim,
    int cemaNdim,
    int chunkSize,
    int vocabSize,
    int outputSize,
    int normNumGroups,
    boolean normAffine,
    double normEps,
    double ropeBase,
    boolean swiglu,
    boolean rescaleNffn,
    boolean scaleEmb,
    boolean shareEmb,
    String tokenizer,
    int chunkSizeOverride,
    RopeScalingConfig ropeScaling,
    InfiniMemoryConfig infini) {

  /** Tokenizer names Megaspark knows. */
  public static final Set<String> TOKENIZERS = Set.of("bytes", "gpt2");
  /** The official code's RoPE base when {@code rope_base} is null (MODEL.md 1.4). */
  public static final double DEFAULT_ROPE_BASE = 10000.0;

  public MegalodonConfig {
    positive("num_layers", numLayers);
    positive("model_dim", modelDim);
    positive("z_dim", zDim);
    positive("value_dim", valueDim);
    positive("num_heads", numHeads);
    positive("ffn_hidden_dim", ffnHiddenDim);
    positive("cema_ndim", cemaNdim);
    positive("chunk_size", chunkSize);
    positive("norm_num_groups", normNumGroups);
    if (vocabSize <= 0) {
      throw new IllegalArgumentException("vocab_size must be positive: vocab_size=" + vocabSize
          + " (the official default -1 means 'from the tokenizer'; Megaspark needs it set)");
    }
    if (outputSize != -1 && outputSize <= 0) {
      throw new IllegalArgumentException(
          "output_size must be positive or -1 (= vocab_size): output_size=" + outputSize);
    }
    divides("z_dim", zDim, "num_heads", numHeads);
    divides("value_dim", valueDim, "num_heads", numHeads);
    divides("model_dim", modelDim, "norm_num_groups", normNumGroups);
    if ((zDim / numHeads) % 2 != 0) {
      throw new IllegalArgumentException("z_dim / num_heads must be even (RoPE rotates pairs of"
          + " dimensions): z_dim=" + zDim + ", num_heads=" + numHeads + ", head width=" + zDim / numHeads);
    }
    if (!(normEps > 0) || Double.isInfinite(normEps)) {
      throw new IllegalArgumentException("norm_eps must be positive and finite: norm_eps=" + normEps);
    }
    if (!(ropeBase > 1) || Double.isInfinite(ropeBase)) {
      throw new IllegalArgumentException("rope_base must be finite and above 1: rope_base=" + ropeBase);
    }
    if (shareEmb && outputSize != -1 && outputSize != vocabSize) {
      throw new IllegalArgumentException("share_emb needs output_size equal to vocab_size (the head"
          + " reuses the embedding): output_size=" + outputSize + ", vocab_size=" + vocabSize);
    }
    if (tokenizer == null || !TOKENIZERS.contains(tokenizer)) {
      throw new IllegalArgumentException("tokenizer must be one of " + new TreeSet<>(TOKENIZERS)
          + ": tokenizer=" + tokenizer);
    }
    if (chunkSizeOverride < 0) {
      throw new IllegalArgumentException("chunk_size_override must be positive, or 0 for the trained"
          + " chunk_size: chunk_size_override=" + chunkSizeOverride);
    }
    Objects.requireNonNull(ropeScaling, "ropeScaling (use RopeScalingConfig.NONE)");
    Objects.requireNonNull(infini, "infini (use InfiniMemoryConfig.DISABLED)");
    if (ropeScaling.theta().isPresent() && ropeScaling.theta().getAsDouble() != ropeBase) {
      throw new IllegalArgumentException("rope_theta=" + ropeScaling.theta().getAsDouble()
          + " (in the RoPE scaling section) differs from rope_base=" + ropeBase + ": they name the same"
          + " base; give one of them, or the same value in both");
    }
    ropeFrequencies(ropeScaling, zDim / numHeads, ropeBase, chunkSize,
        chunkSizeOverride > 0 ? chunkSizeOverride : chunkSize);
  }

  /** Reads a config file in the official {@code {"model": {...}}} shape or Megaspark's flat shape. */
  public static MegalodonConfig load(Path configJson) {
    return ConfigLoader.load(configJson);
  }

  /** Parses config JSON; {@code sourceName} names it in error messages. */
  public static MegalodonConfig fromJson(String json, String sourceName) {
    return ConfigLoader.parse(json, sourceName);
  }

  /** Megaspark's flat shape: every model key plus {@code tokenizer}; {@link #fromJson} reads it back. */
  public String toJson() {
    return ConfigWriter.toJson(this);
  }

  /** A builder holding the official ModelConf defaults (vocab_size must still be set). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Dz: width of one query/key head. */
  public int headDimZ() {
    return zDim / numHeads;
  }

  /** Dv: width of one value head. */
  public int headDimV() {
    return valueDim / numHeads;
  }

  /** C at inference: {@code chunk_size_override} when set, else the trained {@code chunk_size}. */
  public int attentionChunk() {
    return chunkSizeOverride > 0 ? chunkSizeOverride : chunkSize;
  }

  /**
   * The RoPE table every attention chunk uses: the configured scaling with base {@code rope_base},
   * "max_position_embeddings" = the trained {@code chunk_size} and current length = {@link
   * #attentionChunk()}. Dynamic NTK and LongRoPE therefore depend on the attention chunk, which is the same
   * for every chunk of a run, including a document's partial last chunk (so no output depends on later
   * tokens or on padding; docs/context-extension.md).
   */
  public RopeFrequencies ropeFrequencies() {
    return ropeFrequencies(ropeScaling, headDimZ(), ropeBase, chunkSize, attentionChunk());
  }

  private static RopeFrequencies ropeFrequencies(RopeScalingConfig rope, int headDim, double base,
      int trainedChunk, int chunk) {
    try {
      return rope.scaling().compute(headDim, base, trainedChunk, OptionalInt.of(chunk));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rope_scaling (" + rope.scaling().ropeType() + ") does not fit"
          + " this model (head width " + headDim + ", trained chunk_size " + trainedChunk
          + ", attention chunk " + chunk + "): " + e.getMessage(), e);
    }
  }

  /** D/G: features per TimestepNorm group. */
  public int groupDim() {
    return modelDim / normNumGroups;
  }

  /** The LM head's vocabulary: {@code output_size}, or {@code vocab_size} when that is -1. */
  public int outputVocab() {
    return outputSize == -1 ? vocabSize : outputSize;
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive: " + key + "=" + value);
    }
  }

  private static void divides(String key, int value, String byKey, int by) {
    if (value % by != 0) {
      throw new IllegalArgumentException(
          key + " must divide by " + byKey + ": " + key + "=" + value + ", " + byKey + "=" + by);
    }
  }

  /** Mutable builder; defaults are the official {@code ModelConf} defaults (megalodon/config.py). */
  public static final class Builder {
    private int numLayers = 8;
    private int modelDim = 1024;
    private int zDim = 256;
    private int valueDim = 2048;
    private int numHeads = 1;
    private int ffnHiddenDim = 2048;
    private int cemaNdim = 16;
    private int chunkSize = 2048;
    private int vocabSize = -1;
    private int outputSize = -1;
    private int normNumGroups = 32;
    private boolean normAffine = true;
    private double normEps = 1e-5;
    private double ropeBase = DEFAULT_ROPE_BASE;
    private boolean swiglu;
    private boolean rescaleNffn;
    private boolean scaleEmb;
    private boolean shareEmb;
    private String tokenizer = "bytes";
    private int chunkSizeOverride;
    private RopeScalingConfig ropeScaling = RopeScalingConfig.NONE;
    private InfiniMemoryConfig infini = InfiniMemoryConfig.DISABLED;

    private Builder() {}

    private Builder(MegalodonConfig c) {
      numLayers = c.numLayers;
      modelDim = c.modelDim;
      zDim = c.zDim;
      valueDim = c.valueDim;
      numHeads = c.numHeads;
      ffnHiddenDim = c.ffnHiddenDim;
      cemaNdim = c.cemaNdim;
      chunkSize = c.chunkSize;
      vocabSize = c.vocabSize;
      outputSize = c.outputSize;
      normNumGroups = c.normNumGroups;
      normAffine = c.normAffine;
      normEps = c.normEps;
      ropeBase = c.ropeBase;
      swiglu = c.swiglu;
      rescaleNffn = c.rescaleNffn;
      scaleEmb = c.scaleEmb;
      shareEmb = c.shareEmb;
      tokenizer = c.tokenizer;
      chunkSizeOverride = c.chunkSizeOverride;
      ropeScaling = c.ropeScaling;
      infini = c.infini;
    }

    public Builder numLayers(int v) { numLayers = v; return this; }
    public Builder modelDim(int v) { modelDim = v; return this; }
    public Builder zDim(int v) { zDim = v; return this; }
    public Builder valueDim(int v) { valueDim = v; return this; }
    public Builder numHeads(int v) { numHeads = v; return this; }
    public Builder ffnHiddenDim(int v) { ffnHiddenDim = v; return this; }
    public Builder cemaNdim(int v) { cemaNdim = v; return this; }
    public Builder chunkSize(int v) { chunkSize = v; return this; }
    public Builder vocabSize(int v) { vocabSize = v; return this; }
    public Builder outputSize(int v) { outputSize = v; return this; }
    public Builder normNumGroups(int v) { normNumGroups = v; return this; }
    public Builder normAffine(boolean v) { normAffine = v; return this; }
    public Builder normEps(double v) { normEps = v; return this; }
    public Builder ropeBase(double v) { ropeBase = v; return this; }
    public Builder swiglu(boolean v) { swiglu = v; return this; }
    public Builder rescaleNffn(boolean v) { rescaleNffn = v; return this; }
    public Builder scaleEmb(boolean v) { scaleEmb = v; return this; }
    public Builder shareEmb(boolean v) { shareEmb = v; return this; }
    public Builder tokenizer(String v) { tokenizer = v; return this; }
    /** 0 = the trained {@code chunk_size}. */
    public Builder chunkSizeOverride(int v) { chunkSizeOverride = v; return this; }
    public Builder ropeScaling(RopeScalingConfig v) { ropeScaling = v; return this; }
    public Builder infini(InfiniMemoryConfig v) { infini = v; return this; }

    /** Validates and builds; throws IllegalArgumentException naming the key, value and rule. */
    public MegalodonConfig build() {
      return new MegalodonConfig(numLayers, modelDim, zDim, valueDim, numHeads, ffnHiddenDim, cemaNdim,
          chunkSize, vocabSize, outputSize, normNumGroups, normAffine, normEps, ropeBase, swiglu,
          rescaleNffn, scaleEmb, shareEmb, tokenizer, chunkSizeOverride, ropeScaling, infini);
    }
  }
}
