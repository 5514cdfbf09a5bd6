package io.megaspark.jobs.run;

import io.megaspark.jobs.JobErrors;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One model per JVM and reference: loaded lazily by the first task of an executor that needs it, shared
 * by every later task (models are thread-safe), closed when the JVM exits. Loading a model and building
 * its graphs costs seconds; a task must not pay it again.
 */
public final class SharedModels {
  private static final Map<ModelRef, BlockModel<?>> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SharedModels::closeAll, "megaspark-close-models"));
  }

  private SharedModels() {}

  /** The model for {@code ref}, loaded on first use in this JVM. */
  public static BlockModel<?> get(ModelRef ref) {
    return MODELS.computeIfAbsent(ref, SharedModels::load);
  }

  /** Closes and forgets every loaded model (the shutdown hook; tests that need a fresh load). */
  public static synchronized void closeAll() {
    for (BlockModel<?> m : MODELS.values()) {
      m.close();
    }
    MODELS.clear();
  }

  private static BlockModel<?> load(ModelRef ref) {
    if (ref instanceof ModelRef.TensorFlow tf) {
      return ModelLoading.tensorFlow(tf.directory(), tf.overrides());
    }
    if (ref instanceof ModelRef.Reference r) {
      return ModelLoading.reference(r.directory(), r.overrides());
    }
    ModelRef.Custom c = (ModelRef.Custom) ref;
    try {
      Object factory = Class.forName(c.factoryClass()).getDeclaredConstructor().newInstance();
      if (!(factory instanceof BlockModelFactory f)) {
        throw JobErrors.badModelFactory(c.factoryClass(), "it does not implement " + BlockModelFactory.class.getName());
      }
      return f.create(c.argument());
    } catch (ReflectiveOperationException e) {
      throw JobErrors.badModelFactory(c.factoryClass(), e.toString());
    }
  }
}
