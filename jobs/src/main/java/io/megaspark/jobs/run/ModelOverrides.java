package io.megaspark.jobs.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.OptionValues;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryConfig;
import io.megaspark.megalodon.rope.RopeScalingConfig;
import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;

/**
 * Inference settings a job lays over a model's config.json (docs/context-extension.md): the attention chunk
 * ({@code --chunk-size}, {@code chunk_size_override}), RoPE scaling ({@code --rope}, a Hugging Face
 * {@code rope_scaling} object) and Infini memory ({@code --infini}, an {@code infini} section). They travel
 * with the {@link ModelRef}, so every executor loads the same model.
 *
 * @param chunkSize the attention chunk at inference, 0 = the config's
 * @param rope a {@code rope_scaling} JSON object, "" = the config's
 * @param infini an {@code infini} JSON object, "" = the config's
 */
public record ModelOverrides(int chunkSize, String rope, String infini) implements Serializable {
  /** The config as it is. */
  public static final ModelOverrides NONE = new ModelOverrides(0, "", "");

  private static final ObjectMapper JSON = new ObjectMapper();

  public ModelOverrides {
    if (chunkSize < 0) {
      throw JobErrors.badOption(JobOptions.CHUNK_SIZE, String.valueOf(chunkSize),
          "a positive attention chunk, or 0 for the model's");
    }
    Objects.requireNonNull(rope, "rope");
    Objects.requireNonNull(infini, "infini");
  }

  /** From resolved option values. */
  public static ModelOverrides from(OptionValues v) {
    return new ModelOverrides(v.integer(JobOptions.CHUNK_SIZE, 0, 1 << 24), v.string(JobOptions.ROPE).trim(),
        v.string(JobOptions.INFINI).trim());
  }

  /** The config with these settings laid over it; a bad value fails naming its option. */
  public MegalodonConfig apply(MegalodonConfig config) {
    MegalodonConfig.Builder b = config.toBuilder();
    if (chunkSize > 0) {
      b.chunkSizeOverride(chunkSize == config.chunkSize() ? 0 : chunkSize);
    }
    if (!rope.isEmpty()) {
      try {
        RopeScalingConfig r = RopeScalingConfig.fromJson(parse(JobOptions.ROPE, rope), "--" + JobOptions.ROPE);
        b.ropeScaling(r).ropeBase(r.baseOr(config.ropeBase()));
      } catch (IllegalArgumentException e) {
        throw JobErrors.badOption(JobOptions.ROPE, rope, "a rope_scaling object (" + e.getMessage() + ")");
      }
    }
    if (!infini.isEmpty()) {
      try {
        b.infini(InfiniMemoryConfig.fromJson(parse(JobOptions.INFINI, infini), "--" + JobOptions.INFINI));
      } catch (IllegalArgumentException e) {
        throw JobErrors.badOption(JobOptions.INFINI, infini, "an infini object (" + e.getMessage() + ")");
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw JobErrors.badOption(chunkSize > 0 ? JobOptions.CHUNK_SIZE : JobOptions.ROPE,
          chunkSize > 0 ? String.valueOf(chunkSize) : rope, "a setting this model accepts (" + e.getMessage() + ")");
    }
  }

  private static JsonNode parse(String key, String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw JobErrors.badOption(key, json, "a JSON object (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }
}
