package io.megaspark.jobs.run;

import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.gpu.TaskDevices;
import io.megaspark.megalodon.device.DeviceRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One model per JVM, reference and device: loaded lazily by the first task of an executor that needs it,
 * shared by every later task on the same device (models are thread-safe), closed when the JVM exits.
 * Loading a model and building its graphs costs seconds; a task must not pay it again. The device is the
 * running task's GPU, if Spark gave it one ({@link TaskDevices}), so two tasks on two GPUs of one executor
 * get a model each.
 */
public final class SharedModels {
  private record Key(ModelRef ref, DeviceRequest device) {}

  private static final Map<Key, BlockModel<?>> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SharedModels::closeAll, "megaspark-close-models"));
  }

  private SharedModels() {}

  /** The model for {@code ref} on the running task's device, loaded on first use in this JVM. */
  public static BlockModel<?> get(ModelRef ref) {
    DeviceRequest device = ref instanceof ModelRef.TensorFlow ? TaskDevices.current() : DeviceRequest.CPU;
    return MODELS.computeIfAbsent(new Key(ref, device), k -> load(k.ref(), k.device()));
  }

  /** Closes and forgets every loaded model (the shutdown hook; tests that need a fresh load). */
  public static synchronized void closeAll() {
    for (BlockModel<?> m : MODELS.values()) {
      m.close();
    }
    MODELS.clear();
  }

  private static BlockModel<?> load(ModelRef ref, DeviceRequest device) {
    if (ref instanceof ModelRef.TensorFlow tf) {
      return ModelLoading.tensorFlow(tf.directory(), tf.overrides(), device);
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
