package io.megaspark.megalodon.model;

/**
 * How a {@link MegalodonModel} runs TensorFlow.
 *
 * @param intraOpThreads threads inside one op (0 = TensorFlow's default, all cores). TensorFlow fixes its
 *     CPU pool with the first session of a JVM, so set it the same for every model of a JVM.
 * @param interOpThreads ops run concurrently (0 = TensorFlow's default)
 * @param device TensorFlow device for the graph ops, for example "/device:GPU:0"; null = CPU
 */
public record ModelOptions(int intraOpThreads, int interOpThreads, String device) {
  public ModelOptions {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = default), got " + intraOpThreads);
    }
    if (interOpThreads < 0) {
      throw new IllegalArgumentException("interOpThreads must be >= 0 (0 = default), got " + interOpThreads);
    }
    if (device != null && device.isBlank()) {
      throw new IllegalArgumentException("device must be null (CPU) or a TensorFlow device name, got '"
          + device + "'");
    }
  }

  /** TensorFlow's default thread pools, CPU. */
  public static ModelOptions defaults() {
    return new ModelOptions(0, 0, null);
  }

  /** {@code threads} intra-op threads, one inter-op thread (ops of one block mostly depend on each other). */
  public static ModelOptions threads(int threads) {
    return new ModelOptions(threads, 1, null);
  }
}
