package io.megaspark.jobs.run;

import io.megaspark.jobs.JobErrors;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the model implementations that live in the megalodon module, and reads model facts on the driver. */
final class ModelLoading {
  private ModelLoading() {}

  static BlockModel<?> tensorFlow(String directory) {
    requireModel(directory);
    throw new UnsupportedOperationException("TensorFlow models are wired when the megalodon model lands");
  }

  static BlockModel<?> reference(String directory) {
    requireModel(directory);
    throw new UnsupportedOperationException("reference models are wired when the megalodon model lands");
  }

  /** The model's facts, read on the driver without loading weights where possible. */
  static ModelInfo info(ModelRef ref) {
    if (ref instanceof ModelRef.Custom) {
      return SharedModels.get(ref).info();
    }
    String dir = ref instanceof ModelRef.TensorFlow t ? t.directory() : ((ModelRef.Reference) ref).directory();
    requireModel(dir);
    throw new UnsupportedOperationException("model configs are read when the megalodon model lands");
  }

  static void requireModel(String directory) {
    if (!Files.isRegularFile(Path.of(directory).resolve("config.json"))) {
      throw JobErrors.modelMissing(directory);
    }
  }
}
