package io.megaspark.megalodon.device;

import io.megaspark.megalodon.MegalodonException;
import java.util.List;

/**
 * User-facing errors about device placement, in one place so the wording stays consistent. Each message
 * says what is wrong, why, and what to change (the Spark setting or device text to fix).
 */
final class DeviceErrors {
  private DeviceErrors() {}

  static MegalodonException badSpec(String spec) {
    return new MegalodonException(
        "device '" + spec + "' is not a device: expected 'cpu', 'gpu:<n>' or 'gpu:<n>@<n1,n2,...>'"
            + " (for example gpu:3 or gpu:1@0,1)");
  }

  static MegalodonException notAnOrdinal(String address) {
    return new MegalodonException(
        "GPU address '" + address + "' is not a CUDA device number: TensorFlow's visible_device_list takes"
            + " device numbers such as 0 or 3; make the Spark discovery script print nvidia-smi indexes"
            + " (conf/gpu-discovery.sh does), not UUIDs or names");
  }

  static MegalodonException duplicateAddress(List<String> processAddresses) {
    return new MegalodonException(
        "GPU addresses " + processAddresses + " list a device twice: each GPU of the process must appear"
            + " once (check the Spark discovery script's output)");
  }

  static MegalodonException addressNotOwned(String address, List<String> processAddresses) {
    return new MegalodonException(
        "GPU " + address + " is not one of this process's GPUs " + processAddresses
            + ": the task's GPU must come from the executor's GPUs (spark.executor.resource.gpu.*)");
  }

  static MegalodonException badThreads(String key, int value) {
    return new MegalodonException(
        key + " = " + value + ": must be 0 (TensorFlow picks) or a positive thread count");
  }

  static MegalodonException visibleListChanged(String established, String requested) {
    return new MegalodonException(
        "this JVM already runs TensorFlow on GPUs [" + established + "] and now asks for GPUs [" + requested
            + "]: TensorFlow maps GPUs to device numbers once per process, so every model in one executor"
            + " must see the same GPU list (tensorflow/tensorflow#19083). Give each executor one GPU"
            + " (spark.executor.resource.gpu.amount=1), or, for several GPUs per executor, enable"
            + " spark.plugins=io.megaspark.jobs.gpu.GpuExecutorPlugin so every task sees the executor's"
            + " whole GPU list (docs/gpu.md)");
  }
}
