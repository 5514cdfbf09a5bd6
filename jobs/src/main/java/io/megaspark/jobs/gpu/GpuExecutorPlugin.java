package io.megaspark.jobs.gpu;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every GPU an executor owns when it starts, so that a task's model can list them all in
 * TensorFlow's {@code visible_device_list} and pin itself to its own (TensorFlow numbers GPUs once per
 * process; a task only sees its own GPU in {@code TaskContext.resources()}). Needed only for executors with
 * more than one GPU; enable with {@code spark.plugins=io.megaspark.jobs.gpu.GpuExecutorPlugin}.
 */
public final class GpuExecutorPlugin implements SparkPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(GpuExecutorPlugin.class);

  @Override
  public DriverPlugin driverPlugin() {
    return null; // nothing to do on the driver
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        ResourceInformation gpus = ctx.resources().get(TaskDevices.GPU);
        List<String> addresses = gpus == null ? List.of() : List.of(gpus.addresses());
        ExecutorGpus.set(addresses);
        LOG.info("megaspark: executor {} owns GPUs {}", ctx.executorID(), addresses);
      }
    };
  }
}
