package io.megaspark.megalodon.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official {@code ModelConf} keys (megalodon/config.py): the inference keys, each mapped onto the
 * builder, and the training-only keys, which are accepted and ignored because they do not change what a
 * forward pass computes (dropouts are 0 at inference, {@code init_mode} only matters before training,
 * {@code efficient_attn} and {@code layerwise_ckpt} choose kernels and checkpointing).
 */
final class ModelKeys {
  /** Reads one JSON value into the builder. */
  interface Reader {
    void read(MegalodonConfig.Builder b, JsonNode v, String source, String key);
  }

  static final Map<String, Reader> INFERENCE;
  static final List<String> TRAINING_ONLY = List.of(
      "efficient_attn", "init_mode", "dropout", "hidden_dropout", "attention_dropout",
      "layerwise_ckpt");

  static {
    Map<String, Reader> m = new LinkedHashMap<>();
    m.put("num_layers", (b, v, s, k) -> b.numLayers(ConfigValues.integer(v, s, k)));
    m.put("model_dim", (b, v, s, k) -> b.modelDim(ConfigValues.integer(v, s, k)));
    m.put("z_dim", (b, v, s, k) -> b.zDim(ConfigValues.integer(v, s, k)));
    m.put("value_dim", (b, v, s, k) -> b.valueDim(ConfigValues.integer(v, s, k)));
    m.put("num_heads", (b, v, s, k) -> b.numHeads(ConfigValues.integer(v, s, k)));
    m.put("ffn_hidden_dim", (b, v, s, k) -> b.ffnHiddenDim(ConfigValues.integer(v, s, k)));
    m.put("cema_ndim", (b, v, s, k) -> b.cemaNdim(ConfigValues.integer(v, s, k)));
    m.put("chunk_size", (b, v, s, k) -> b.chunkSize(ConfigValues.integer(v, s, k)));
    m.put("vocab_size", (b, v, s, k) -> b.vocabSize(ConfigValues.integer(v, s, k)));
    m.put("output_size", (b, v, s, k) -> b.outputSize(ConfigValues.integer(v, s, k)));
    m.put("norm_num_groups", (b, v, s, k) -> b.normNumGroups(ConfigValues.integer(v, s, k)));
    m.put("norm_affine", (b, v, s, k) -> b.normAffine(ConfigValues.bool(v, s, k)));
    m.put("norm_eps", (b, v, s, k) -> b.normEps(ConfigValues.number(v, s, k)));
    m.put("rope_base", (b, v, s, k) -> b.ropeBase(
        v.isNull() ? MegalodonConfig.DEFAULT_ROPE_BASE : ConfigValues.number(v, s, k)));
    m.put("swiglu", (b, v, s, k) -> b.swiglu(ConfigValues.bool(v, s, k)));
    m.put("rescale_nffn", (b, v, s, k) -> b.rescaleNffn(ConfigValues.bool(v, s, k)));
    m.put("scale_emb", (b, v, s, k) -> b.scaleEmb(ConfigValues.bool(v, s, k)));
    m.put("share_emb", (b, v, s, k) -> b.shareEmb(ConfigValues.bool(v, s, k)));
    INFERENCE = Collections.unmodifiableMap(m);
  }

  private ModelKeys() {}
}
