package io.megaspark.jobs.run;

import io.megaspark.jobs.JobErrors;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.device.DeviceRequest;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the model implementations that live in the megalodon module, and reads model facts on the driver. */
final class ModelLoading {
  /** System property: TensorFlow intra-op threads per executor JVM. */
  static final String THREADS = "megaspark.tf.threads";

  private ModelLoading() {}

  /**
   * The TensorFlow model. Threads: the system property {@value #THREADS} (0 or unset = TensorFlow's
   * default); TensorFlow fixes its CPU pool with the first session of a JVM.
   *
   * @param device the task's device; the model's placement turns it into its session configuration and
   *     falls back to the CPU when this JVM has no such GPU
   */
  static BlockModel<?> tensorFlow(String directory, ModelOverrides overrides, DeviceRequest device) {
    MegalodonConfig cfg = config(directory, overrides);
    int threads = Integer.getInteger(THREADS, 0);
    return new TensorFlowBlockModel(MegalodonModel.of(cfg, MegalodonWeights.load(Path.of(directory), cfg),
        new ModelOptions(threads, 0, device)));
  }

  static BlockModel<?> reference(String directory, ModelOverrides overrides) {
    MegalodonConfig cfg = config(directory, overrides);
    return new ReferenceBlockModel(MegalodonWeights.load(Path.of(directory), cfg));
  }

  /** The model's config.json with the job's overrides laid over it. */
  static MegalodonConfig config(String directory, ModelOverrides overrides) {
    requireModel(directory);
    return overrides.apply(MegalodonConfig.load(Path.of(directory).resolve("config.json")));
  }

  /** The model's facts, read on the driver without loading weights where possible. */
  static ModelInfo info(ModelRef ref) {
    if (ref instanceof ModelRef.Custom) {
      return SharedModels.get(ref).info();
    }
    MegalodonConfig c = ref instanceof ModelRef.TensorFlow t ? config(t.directory(), t.overrides())
        : config(((ModelRef.Reference) ref).directory(), ((ModelRef.Reference) ref).overrides());
    return new ModelInfo(c.attentionChunk(), c.outputVocab(), c.modelDim(), c.tokenizer());
  }

  static void requireModel(String directory) {
    if (!Files.isRegularFile(Path.of(directory).resolve("config.json"))) {
      throw JobErrors.modelMissing(directory);
    }
  }
}
