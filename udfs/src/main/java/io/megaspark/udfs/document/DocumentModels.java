package io.megaspark.udfs.document;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model per JVM and {@link ModelKey}: loaded by the first call that needs it, shared by every later
 * call and by concurrent tasks (the models are thread-safe), closed when the JVM exits. Loading weights and
 * building a TensorFlow graph costs seconds; a SQL function is called once per row and must not pay it
 * again. Concurrent first calls wait for one load ({@link ConcurrentHashMap#computeIfAbsent}); a failed
 * load is not cached, so the next call tries again.
 */
public final class DocumentModels {
  private static final Map<ModelKey, DocumentModel> MODELS = new ConcurrentHashMap<>();
  private static final Map<String, MegalodonConfig> CONFIGS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(DocumentModels::closeAll, "megaspark-close-udf-models"));
  }

  private DocumentModels() {}

  /** The model for {@code key}, loaded on first use in this JVM. */
  public static DocumentModel get(ModelKey key) {
    return MODELS.computeIfAbsent(key, DocumentModels::load);
  }

  /** The config.json of a model directory, read once per JVM (enough for token counts: no weights). */
  public static MegalodonConfig config(String directory) {
    return CONFIGS.computeIfAbsent(directory, d -> MegalodonConfig.load(Path.of(d).resolve("config.json")));
  }

  /** How many models this JVM has loaded so far (a model loads once per key). */
  public static int loadCount() {
    return LOADS.get();
  }

  /** Closes and forgets every loaded model (the shutdown hook; tests that need a fresh load). */
  public static synchronized void closeAll() {
    MODELS.values().forEach(DocumentModel::close);
    MODELS.clear();
    CONFIGS.clear();
  }

  private static DocumentModel load(ModelKey key) {
    Path dir = Path.of(key.directory());
    MegalodonConfig cfg = config(key.directory());
    DocumentModel model = switch (key.backend()) {
      case TENSORFLOW -> new TensorFlowDocumentModel(MegalodonModel.of(cfg, MegalodonWeights.load(dir, cfg),
          key.threads() == 0 ? ModelOptions.defaults() : ModelOptions.threads(key.threads())));
      case REFERENCE -> new ReferenceDocumentModel(MegalodonWeights.load(dir, cfg));
    };
    LOADS.incrementAndGet();
    return model;
  }
}
