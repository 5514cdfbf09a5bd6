package io.megaspark.jobs.longdoc;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One float64 reference model per JVM and model directory, loaded by the first task that needs it. The
 * reference is immutable, so concurrent tasks share it. Only the directory name travels in closures.
 */
public final class ReferenceModels {
  private static final Map<String, ReferenceModel> MODELS = new ConcurrentHashMap<>();

  private ReferenceModels() {}

  /** @param modelDir a directory with config.json and model.safetensors */
  public static ReferenceModel get(String modelDir) {
    return MODELS.computeIfAbsent(modelDir, ReferenceModels::load);
  }

  private static ReferenceModel load(String dir) {
    Path p = Path.of(dir);
    MegalodonConfig cfg = MegalodonConfig.load(p.resolve("config.json"));
    return new ReferenceModel(MegalodonWeights.load(p, cfg));
  }
}
