package io.megaspark.megalodon.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.megaspark.megalodon.memory.InfiniMemoryConfig;
import io.megaspark.megalodon.rope.RopeScalingConfig;

/**
 * Writes Megaspark's flat config shape, which {@link ConfigLoader} reads back to an equal record. The
 * context-extension settings are written only when they differ from their defaults.
 */
final class ConfigWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ConfigWriter() {}

  static String toJson(MegalodonConfig c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("num_layers", c.numLayers());
    o.put("model_dim", c.modelDim());
    o.put("z_dim", c.zDim());
    o.put("value_dim", c.valueDim());
    o.put("num_heads", c.numHeads());
    o.put("ffn_hidden_dim", c.ffnHiddenDim());
    o.put("cema_ndim", c.cemaNdim());
    o.put("chunk_size", c.chunkSize());
    o.put("vocab_size", c.vocabSize());
    o.put("output_size", c.outputSize());
    o.put("norm_num_groups", c.normNumGroups());
    o.put("norm_affine", c.normAffine());
    o.put("norm_eps", c.normEps());
    o.put("rope_base", c.ropeBase());
    o.put("swiglu", c.swiglu());
    o.put("rescale_nffn", c.rescaleNffn());
    o.put("scale_emb", c.scaleEmb());
    o.put("share_emb", c.shareEmb());
    o.put(TokenizerSection.KEY, c.tokenizer());
    if (c.chunkSizeOverride() > 0) {
      o.put("chunk_size_override", c.chunkSizeOverride());
    }
    if (!c.ropeScaling().equals(RopeScalingConfig.NONE)) {
      o.set(RopeSection.V4, c.ropeScaling().toJson());
    }
    if (!c.infini().equals(InfiniMemoryConfig.DISABLED)) {
      o.set(InfiniSection.KEY, c.infini().toJson());
    }
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a config tree of plain values", e);
    }
  }
}
