package io.megaspark.jobs.run;

import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.JobOptions;
import io.megaspark.megalodon.config.MegalodonConfig;
import java.nio.file.Path;
import java.util.Locale;

/** Parses the {@code --model} and {@code --backend} options into a {@link ModelRef}. */
public final class ModelRefs {
  /** Prefix of a model built in code: {@code factory:CLASS[:ARGUMENT]}. */
  public static final String FACTORY = "factory:";

  private ModelRefs() {}

  /**
   * @param model a directory, or {@code factory:CLASS[:ARGUMENT]}; the bundled model's relative path is
   *     resolved against the Megaspark home
   * @param backend tensorflow or reference (directories only)
   */
  public static ModelRef parse(String model, String backend, Path home) {
    return parse(model, backend, home, ModelOverrides.NONE);
  }

  /** As {@link #parse(String, String, Path)}, with the job's inference settings over the model's config. */
  public static ModelRef parse(String model, String backend, Path home, ModelOverrides overrides) {
    if (model.startsWith(FACTORY)) {
      String rest = model.substring(FACTORY.length());
      int colon = rest.indexOf(':');
      return colon < 0 ? new ModelRef.Custom(rest, "") : new ModelRef.Custom(rest.substring(0, colon), rest.substring(colon + 1));
    }
    String dir = model.equals(JobOptions.BUNDLED_MODEL) ? home.resolve(model).toString() : model;
    return switch (backend.trim().toLowerCase(Locale.ROOT)) {
      case "tensorflow" -> new ModelRef.TensorFlow(dir, overrides);
      case "reference" -> new ModelRef.Reference(dir, overrides);
      default -> throw JobErrors.badOption(JobOptions.BACKEND, backend, "tensorflow or reference");
    };
  }

  /** The config of a model directory with the job's overrides laid over it; null for a model built in code. */
  public static MegalodonConfig config(ModelRef ref) {
    if (ref instanceof ModelRef.TensorFlow t) {
      return ModelLoading.config(t.directory(), t.overrides());
    }
    return ref instanceof ModelRef.Reference r ? ModelLoading.config(r.directory(), r.overrides()) : null;
  }

  /** Fails with a clear message when a model directory has no config.json (before any Spark work). */
  public static void check(ModelRef ref) {
    if (ref instanceof ModelRef.TensorFlow t) {
      ModelLoading.requireModel(t.directory());
    } else if (ref instanceof ModelRef.Reference r) {
      ModelLoading.requireModel(r.directory());
    }
  }

  /**
   * Fails with a clear message, before any Spark work, when the blocks of {@code run} are not multiples of
   * the attention chunk the model will run with ({@code --chunk-size}, else the config's). A model built by
   * a factory is only checked once it is loaded, by the run itself.
   */
  public static void checkBlocks(ModelRef ref, RunOptions run) {
    ModelOverrides overrides = ref instanceof ModelRef.TensorFlow t ? t.overrides()
        : ref instanceof ModelRef.Reference r ? r.overrides() : null;
    if (overrides == null) {
      return;
    }
    int chunk = ModelLoading.info(ref).chunkSize();
    run.blockTokensFor(chunk, overrides.chunkSize() > 0
        ? "the attention chunk " + chunk + " (--" + JobOptions.CHUNK_SIZE + ")"
        : "the model's chunk size " + chunk + " (or pass --" + JobOptions.CHUNK_SIZE + ")");
  }
}
