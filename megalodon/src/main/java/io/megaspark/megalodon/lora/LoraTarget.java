package io.megaspark.megalodon.lora;

import io.megaspark.megalodon.config.MegalodonConfig;

/**
 * A projection of a MEGALODON layer that can carry a LoRA adapter (MODEL.md 1.1 step 4-9, 1.6 names).
 * LongLoRA adapts q, k, v and o (MODEL.md 3); in MEGALODON Q and K are both made from the shared Z, so
 * the analogues are Z ({@code wz}), V ({@code wv}), the reset gate R ({@code wr}) and the attention
 * output projection ({@code wh2}, applied to O⊙R). {@code wh1} (the skip path from M) is available but
 * not in the default set.
 */
public enum LoraTarget {
  WZ("wz"),
  WV("wv"),
  WR("wr"),
  WH1("wh1"),
  WH2("wh2");

  private final String key;

  LoraTarget(String key) {
    this.key = key;
  }

  /** The projection's short name, as in the state dict: {@code wz}, {@code wv}, ... */
  public String key() {
    return key;
  }

  /** The base weight's name for layer {@code i}: {@code layers.{i}.mega.{key}.weight}. */
  public String weightName(int layer) {
    return "layers." + layer + ".mega." + key + ".weight";
  }

  /** Output features (rows of the (out, in) weight). */
  public int outFeatures(MegalodonConfig c) {
    return switch (this) {
      case WZ -> c.zDim();
      case WV, WR -> c.valueDim();
      case WH1, WH2 -> c.modelDim();
    };
  }

  /** Input features (columns of the (out, in) weight). */
  public int inFeatures(MegalodonConfig c) {
    return this == WH2 ? c.valueDim() : c.modelDim();
  }

  /** The target with this short name; fails listing the valid names. */
  public static LoraTarget byKey(String key) {
    for (LoraTarget t : values()) {
      if (t.key.equals(key)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown LoRA target '" + key + "'; valid targets: wz, wv, wr, wh1, wh2");
  }
}
