package io.megaspark.megalodon.train;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.lora.LoraConfig;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What is trained.
 *
 * <ul>
 *   <li>{@link Full}: every weight, with the config's chunk and RoPE;
 *   <li>{@link LongLora}: LoRA adapters plus every embedding and norm weight (LongLoRA's "embed,norm";
 *       the LM head stays frozen), the rest frozen; attention in chunks of {@code chunk} (the extended
 *       chunk C') with an S2-Attn or causal pattern and a (scaled) RoPE table (MODEL.md 3).
 * </ul>
 */
public sealed interface TrainingMode {
  /** The graph to build for this mode. */
  GraphSpec spec(MegalodonConfig c, int batch, int blockTokens, ParameterSet weights, Set<String> adapterNames);

  /** Train everything. */
  record Full() implements TrainingMode {
    @Override
    public GraphSpec spec(MegalodonConfig c, int batch, int blockTokens, ParameterSet weights, Set<String> adapterNames) {
      Set<String> names = new LinkedHashSet<>(weights.names());
      if (c.shareEmb()) {
        names.remove("output.output.weight");
      }
      return GraphSpec.full(c, batch, blockTokens, names);
    }
  }

  /** LongLoRA fine-tuning. */
  record LongLora(LoraConfig lora, int chunk, RotaryTable rope, AttentionPattern pattern) implements TrainingMode {
    @Override
    public GraphSpec spec(MegalodonConfig c, int batch, int blockTokens, ParameterSet weights, Set<String> adapterNames) {
      Set<String> names = new LinkedHashSet<>(adapterNames);
      for (String n : weights.names()) {
        if (n.contains("embed") || n.contains("norm")) {
          names.add(n);
        }
      }
      return new GraphSpec(c, batch, blockTokens, chunk, rope, pattern, Optional.of(lora), names, false);
    }
  }
}
