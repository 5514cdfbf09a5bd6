package io.megaspark.megalodon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.megalodon.MegalodonException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRequestTest {

  @Test
  void parse_specOfEveryForm_roundTrips() {
    for (String spec : List.of("cpu", "gpu:3", "gpu:1@0,1", "gpu:0@0,1,2,3")) {
      assertEquals(spec, DeviceRequest.parse(spec).spec());
    }
  }

  @Test
  void parse_singleListedGpu_equalsShortForm() {
    assertEquals(DeviceRequest.gpu("3"), DeviceRequest.parse("gpu:3@3"));
    assertEquals("gpu:3", DeviceRequest.parse(" GPU:3@3 ").spec());
  }

  @Test
  void gpu_inProcessList_tensorflowIndexIsPositionInVisibleList() {
    DeviceRequest.Gpu gpu = DeviceRequest.gpu("3", List.of("1", "3"));
    assertEquals("1,3", gpu.visibleDeviceList());
    assertEquals(1, gpu.tensorflowIndex());
    assertEquals(0, DeviceRequest.gpu("3").tensorflowIndex());
  }

  @Test
  void gpu_addressNotInProcessList_failsNamingTheExecutorGpus() {
    MegalodonException e =
        assertThrows(MegalodonException.class, () -> DeviceRequest.gpu("2", List.of("0", "1")));
    assertEquals(
        "GPU 2 is not one of this process's GPUs [0, 1]: the task's GPU must come from the executor's GPUs"
            + " (spark.executor.resource.gpu.*)",
        e.getMessage());
  }

  @Test
  void gpu_uuidAddress_failsSayingDeviceNumbersAreNeeded() {
    MegalodonException e =
        assertThrows(MegalodonException.class, () -> DeviceRequest.gpu("GPU-5d2c"));
    assertEquals(
        "GPU address 'GPU-5d2c' is not a CUDA device number: TensorFlow's visible_device_list takes device"
            + " numbers such as 0 or 3; make the Spark discovery script print nvidia-smi indexes"
            + " (conf/gpu-discovery.sh does), not UUIDs or names",
        e.getMessage());
  }

  @Test
  void gpu_duplicateProcessAddress_fails() {
    MegalodonException e =
        assertThrows(MegalodonException.class, () -> DeviceRequest.gpu("0", List.of("0", "0")));
    assertEquals(
        "GPU addresses [0, 0] list a device twice: each GPU of the process must appear once (check the Spark"
            + " discovery script's output)",
        e.getMessage());
  }

  @Test
  void parse_unknownDevice_failsListingTheForms() {
    MegalodonException e = assertThrows(MegalodonException.class, () -> DeviceRequest.parse("cuda:0"));
    assertEquals(
        "device 'cuda:0' is not a device: expected 'cpu', 'gpu:<n>' or 'gpu:<n>@<n1,n2,...>' (for example"
            + " gpu:3 or gpu:1@0,1)",
        e.getMessage());
  }
}
