/**
 * GPU executors: which GPU a Spark task owns, and which GPUs its executor JVM owns.
 *
 * <p>Spark assigns GPUs to executors and tasks ({@code spark.executor.resource.gpu.amount},
 * {@code spark.task.resource.gpu.amount}, a discovery script; conf/spark-gpu.conf). {@link
 * io.megaspark.jobs.gpu.TaskDevices} turns the running task's GPU into the model's {@code DeviceRequest};
 * {@link io.megaspark.jobs.gpu.GpuExecutorPlugin} records the executor's whole GPU list, which TensorFlow
 * needs when one executor JVM drives several GPUs (io.megaspark.megalodon.device, package overview).
 * docs/gpu.md has the cluster setup.
 *
 * <p>Null rule: no method accepts or returns null.
 */
package io.megaspark.jobs.gpu;
