package io.megaspark.megalodon.weights;

import io.megaspark.megalodon.config.MegalodonConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every tensor name and shape of the official state dict (MODEL.md 1.6) for a config. Weights are PyTorch
 * {@code (out, in)}. Names are built here only, so a typo cannot hide in a caller.
 */
public final class WeightLayout {
  public static final String EMBED = "embed.weight";
  public static final String HEAD = "output.output.weight";
  public static final String FINAL_NORM = "output.final_norm";
  public static final String ROPE_FREQS = "rope.freqs";
  /**
   * Suffix of a layer's Infini-attention gate logits beta, [H] (docs/context-extension.md): optional, so a
   * checkpoint trained without memory loads with memory enabled (its gates then start at
   * {@code infini.gate_init}), and one trained with memory loads with memory disabled (the gates are unused).
   */
  public static final String INFINI_BETA = "mega.infini_beta";

  private WeightLayout() {}

  /** {@code layers.{i}.{suffix}}. */
  public static String layer(int i, String suffix) {
    return "layers." + i + "." + suffix;
  }

  /** Tensors a checkpoint must hold, in state-dict order. With share_emb the head is optional. */
  public static Map<String, long[]> required(MegalodonConfig c) {
    long d = c.modelDim();
    long n = c.cemaNdim();
    long z = c.zDim();
    long v = c.valueDim();
    long f = c.ffnHiddenDim();
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put(EMBED, new long[] {c.vocabSize(), d});
    for (int i = 0; i < c.numLayers(); i++) {
      m.put(layer(i, "mega.gamma"), new long[] {2, z});
      m.put(layer(i, "mega.beta"), new long[] {2, z});
      affine(m, c, layer(i, "mega.timenorm"), true);
      m.put(layer(i, "mega.cema.alpha"), new long[] {d, n, 1});
      m.put(layer(i, "mega.cema.delta"), new long[] {d, n, 1});
      m.put(layer(i, "mega.cema.theta"), new long[] {d, 1, 1});
      m.put(layer(i, "mega.cema.gamma"), new long[] {d, n, 2});
      m.put(layer(i, "mega.cema.omega"), new long[] {d, 1});
      affine(m, c, layer(i, "mega.rmsnorm"), false);
      linear(m, layer(i, "mega.wv"), v, d, true);
      linear(m, layer(i, "mega.wz"), z, d, true);
      linear(m, layer(i, "mega.wr"), v, d, true);
      linear(m, layer(i, "mega.wh1"), d, d, true);
      linear(m, layer(i, "mega.wh2"), d, v, false);
      affine(m, c, layer(i, "nffn.norm"), true);
      linear(m, layer(i, "nffn.fc1"), f, d, false);
      linear(m, layer(i, "nffn.fc2"), d, f, false);
      if (c.swiglu()) {
        linear(m, layer(i, "nffn.fc3"), f, d, false);
      }
      if (c.rescaleNffn()) {
        m.put(layer(i, "nffn.alpha"), new long[] {d});
      }
    }
    affine(m, c, FINAL_NORM, true);
    if (!c.shareEmb()) {
      m.put(HEAD, new long[] {c.outputVocab(), d});
    }
    return m;
  }

  /**
   * Tensors a checkpoint may hold: buffers ({@code rope.freqs}, the TimestepNorm priors), the Infini gates
   * and, with share_emb, the head (then equal to the embedding).
   */
  public static Map<String, long[]> optional(MegalodonConfig c) {
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put(ROPE_FREQS, new long[] {c.headDimZ() / 2});
    for (int i = 0; i < c.numLayers(); i++) {
      prior(m, c, layer(i, "mega.timenorm"));
      m.put(layer(i, INFINI_BETA), new long[] {c.numHeads()});
    }
    prior(m, c, FINAL_NORM);
    if (c.shareEmb()) {
      m.put(HEAD, new long[] {c.outputVocab(), c.modelDim()});
    }
    return m;
  }

  /** Whether a prior_count buffer name (stored as a scalar or a 1-element vector). */
  static boolean isPriorCount(String name) {
    return name.endsWith(".prior_count");
  }

  private static void prior(Map<String, long[]> m, MegalodonConfig c, String norm) {
    m.put(norm + ".prior_count", new long[0]);
    m.put(norm + ".prior_mean", new long[] {c.normNumGroups()});
    m.put(norm + ".prior_logv", new long[] {c.normNumGroups()});
  }

  private static void affine(Map<String, long[]> m, MegalodonConfig c, String prefix, boolean bias) {
    if (c.normAffine()) {
      m.put(prefix + ".weight", new long[] {c.modelDim()});
      if (bias) {
        m.put(prefix + ".bias", new long[] {c.modelDim()});
      }
    }
  }

  private static void linear(Map<String, long[]> m, String prefix, long out, long in, boolean bias) {
    m.put(prefix + ".weight", new long[] {out, in});
    if (bias) {
      m.put(prefix + ".bias", new long[] {out});
    }
  }
}
