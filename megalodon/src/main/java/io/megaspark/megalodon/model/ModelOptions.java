package io.megaspark.megalodon.model;

import io.megaspark.megalodon.device.DeviceRequest;

/**
 * How a {@link MegalodonModel} runs TensorFlow.
 *
 * @param intraOpThreads threads inside one op (0 = TensorFlow's default, all cores). TensorFlow fixes its
 *     CPU pool with the first session of a JVM, so set it the same for every model of a JVM.
 * @param interOpThreads ops run concurrently (0 = TensorFlow's default)
 * @param device the device the model asks for: {@link DeviceRequest#CPU}, or a GPU (in Spark, the task's
 *     GPU from {@code TaskContext.resources()}). {@link io.megaspark.megalodon.device.DevicePlacement}
 *     decides where the model really runs: a GPU request runs on the CPU when this process has no such GPU.
 */
public record ModelOptions(int intraOpThreads, int interOpThreads, DeviceRequest device) {

  public ModelOptions {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException(
          "intraOpThreads must be >= 0 (0 = default), got " + intraOpThreads);
    }
    if (interOpThreads < 0) {
      throw new IllegalArgumentException(
          "interOpThreads must be >= 0 (0 = default), got " + interOpThreads);
    }
    if (device == null) {
      throw new IllegalArgumentException("device must not be null (DeviceRequest.CPU for the CPU)");
    }
  }

  /** TensorFlow's default thread pools, CPU. */
  public static ModelOptions defaults() {
    return new ModelOptions(0, 0, DeviceRequest.CPU);
  }

  /** {@code threads} intra-op threads, one inter-op thread (ops of one block mostly depend on each other). */
  public static ModelOptions threads(int threads) {
    return new ModelOptions(threads, 1, DeviceRequest.CPU);
  }

  /** These options on {@code device}. */
  public ModelOptions on(DeviceRequest device) {
    return new ModelOptions(intraOpThreads, interOpThreads, device);
  }
}
