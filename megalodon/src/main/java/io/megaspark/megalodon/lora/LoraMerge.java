package io.megaspark.megalodon.lora;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Folds a LongLoRA run's adapters into plain weights: reads a model directory holding
 * {@code config.json}, {@code model.safetensors} (with the fine-tuned embeddings and norms) and
 * {@code lora.safetensors}, and writes a plain model directory whose weights are W + (alpha/r)·B·A.
 *
 * <p>The merged config.json is the checkpoint's, which a LongLoRA run writes with the chunk and RoPE of
 * its fine-tuning ({@code chunk_size_override}, {@code rope_scaling}): the merged model runs with them
 * wherever it is loaded, with no flags.
 */
public final class LoraMerge {
  /** The adapter file inside a LongLoRA checkpoint. */
  public static final String FILE_NAME = "lora.safetensors";

  private LoraMerge() {}

  /**
   * @param in the checkpoint (or any model directory with a lora.safetensors)
   * @param out the new model directory (created)
   * @param context maps the checkpoint's config to the merged model's: the identity for a checkpoint
   *     that carries its chunk and RoPE; for an older one, sets them (the shapes must not change)
   * @return the merged model's config
   */
  public static MegalodonConfig mergeDirectory(Path in, Path out, UnaryOperator<MegalodonConfig> context) {
    MegalodonConfig c = MegalodonConfig.load(in.resolve("config.json"));
    MegalodonWeights base = MegalodonWeights.load(in, c);
    LoraAdapters lora = LoraAdapters.load(in.resolve(FILE_NAME), c);
    Map<String, float[]> values = new LinkedHashMap<>();
    base.names().forEach(n -> values.put(n, base.get(n)));
    MegalodonConfig merged = context.apply(c);
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("config.json"), merged.toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve("config.json"), e);
    }
    MegalodonWeights.of(merged, lora.mergeInto(values)).save(out.resolve(MegalodonWeights.FILE_NAME));
    return merged;
  }
}
