package io.megaspark.jobs.gpu;

import io.megaspark.jobs.JobErrors;
import io.megaspark.megalodon.device.DeviceRequest;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device the running Spark task's model should use: the task's GPU from {@code TaskContext.resources()}
 * (resource name {@value #GPU}), or the CPU when the task has none.
 *
 * <p>Models are cached per executor JVM and per device: the model cache key contains {@code current()}
 * ({@code SharedModels}), which the model then gets as {@code ModelOptions.device}, so that two tasks
 * running at once on GPUs 0 and 1 of one executor get two models, one per GPU, and tasks on the same GPU
 * share one.
 */
public final class TaskDevices {
  /** Spark's resource name for GPUs ({@code spark.executor.resource.gpu.*}). */
  public static final String GPU = "gpu";

  private TaskDevices() {}

  /**
   * The running task's device. Outside a task (driver code, a notebook running the model in-process) there
   * are no task resources, so the answer is the CPU.
   */
  public static DeviceRequest current() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return DeviceRequest.CPU;
    }
    return fromResources(task.resourcesJMap(), ExecutorGpus.addresses());
  }

  /**
   * The device for a task with {@code taskResources}, on an executor that owns {@code executorGpus} (empty
   * when unknown: then the task's GPU is taken as the JVM's only GPU).
   *
   * @throws io.megaspark.jobs.MegasparkException when the task holds more than one GPU: a model runs on
   *     one device
   */
  public static DeviceRequest fromResources(Map<String, ResourceInformation> taskResources, List<String> executorGpus) {
    ResourceInformation gpu = taskResources.get(GPU);
    if (gpu == null || gpu.addresses().length == 0) {
      return DeviceRequest.CPU;
    }
    if (gpu.addresses().length > 1) {
      throw JobErrors.severalGpusPerTask(List.of(gpu.addresses()));
    }
    String address = gpu.addresses()[0];
    return executorGpus.isEmpty() ? DeviceRequest.gpu(address) : DeviceRequest.gpu(address, executorGpus);
  }
}
