package io.megaspark.jobs.gpu;

import java.util.List;
import java.util.Objects;

/**
 * The GPUs this executor JVM owns, as {@link GpuExecutorPlugin} found them when the executor started; empty
 * when the plugin is not enabled or the executor has no GPUs. One value per JVM, like TensorFlow's own GPU
 * numbering that it feeds.
 */
final class ExecutorGpus {
  private static volatile List<String> addresses = List.of();

  private ExecutorGpus() {}

  static List<String> addresses() {
    return addresses;
  }

  static void set(List<String> gpus) {
    addresses = List.copyOf(Objects.requireNonNull(gpus, "gpus"));
  }
}
