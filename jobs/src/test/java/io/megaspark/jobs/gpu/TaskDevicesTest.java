package io.megaspark.jobs.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.jobs.MegasparkException;
import io.megaspark.megalodon.device.DeviceRequest;
import java.util.List;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

class TaskDevicesTest {
  private static Map<String, ResourceInformation> gpus(String... addresses) {
    return Map.of(TaskDevices.GPU, new ResourceInformation(TaskDevices.GPU, addresses));
  }

  @Test
  void fromResources_noGpuResource_isCpu() {
    assertEquals(DeviceRequest.CPU, TaskDevices.fromResources(Map.of(), List.of()));
    assertEquals(DeviceRequest.CPU, TaskDevices.fromResources(gpus(), List.of("0")));
  }

  @Test
  void fromResources_gpuWithoutExecutorList_isTheJvmsOnlyGpu() {
    assertEquals(DeviceRequest.gpu("3"), TaskDevices.fromResources(gpus("3"), List.of()));
  }

  @Test
  void fromResources_gpuWithExecutorList_keepsTheWholeListForTensorflow() {
    DeviceRequest d = TaskDevices.fromResources(gpus("1"), List.of("0", "1"));
    assertEquals(DeviceRequest.gpu("1", List.of("0", "1")), d);
    assertEquals("gpu:1@0,1", d.spec());
  }

  @Test
  void fromResources_twoGpusForOneTask_failsSayingOneDevicePerModel() {
    MegasparkException e =
        assertThrows(MegasparkException.class, () -> TaskDevices.fromResources(gpus("0", "1"), List.of("0", "1")));
    assertEquals(
        "a task was given 2 GPUs [0, 1], but a Megaspark model runs on one device: set"
            + " spark.task.resource.gpu.amount=1 (or a fraction such as 0.5 to let tasks share a GPU); see"
            + " conf/spark-gpu.conf",
        e.getMessage());
  }

  @Test
  void current_outsideATask_isCpu() {
    assertEquals(DeviceRequest.CPU, TaskDevices.current());
  }
}
