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
  private ModelLoading() {}

  /**
   * @param device where the model runs ({@code DeviceRequest.spec()} of the task's device)
   */
  static BlockModel<?> tensorFlow(String directory, DeviceRequest device) {
    requireModel(directory);
    String tfDevice = device instanceof DeviceRequest.Gpu g ? "/device:GPU:" + g.tensorflowIndex() : null;
    return new TensorFlowBlockModel(MegalodonModel.load(Path.of(directory), new ModelOptions(0, 0, tfDevice)));
  }

  static BlockModel<?> reference(String directory) {
    MegalodonConfig cfg = config(directory);
    return new ReferenceBlockModel(MegalodonWeights.load(Path.of(directory), cfg));
  }

  static MegalodonConfig config(String directory) {
    requireModel(directory);
    return MegalodonConfig.load(Path.of(directory).resolve("config.json"));
  }

  /** The model's facts, read on the driver without loading weights where possible. */
  static ModelInfo info(ModelRef ref) {
    if (ref instanceof ModelRef.Custom) {
      return SharedModels.get(ref).info();
    }
    String dir = ref instanceof ModelRef.TensorFlow t ? t.directory() : ((ModelRef.Reference) ref).directory();
    MegalodonConfig c = config(dir);
    return new ModelInfo(c.chunkSize(), c.outputVocab(), c.modelDim(), c.tokenizer());
  }

  static void requireModel(String directory) {
    if (!Files.isRegularFile(Path.of(directory).resolve("config.json"))) {
      throw JobErrors.modelMissing(directory);
    }
  }
}
