package io.megaspark.megalodon.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.MegalodonException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/** Session configuration per device, and that every configuration runs on this CPU-only machine. */
class DevicePlacementTest {

  @Test
  void sessionConfig_gpu3_visibleDeviceListIs3WithGrowthAndSoftPlacement() {
    ConfigProto c = DevicePlacement.sessionConfig(DeviceRequest.gpu("3"), 2, 1);
    assertEquals("3", c.getGpuOptions().getVisibleDeviceList());
    assertTrue(c.getGpuOptions().getAllowGrowth());
    assertTrue(c.getAllowSoftPlacement());
    assertEquals(2, c.getIntraOpParallelismThreads());
    assertEquals(1, c.getInterOpParallelismThreads());
    assertFalse(c.getDeviceCountMap().containsKey("GPU"), "a GPU config must not limit the GPU count");
    assertEquals("/device:GPU:0", DevicePlacement.deviceSpec(DeviceRequest.gpu("3")).toString());
  }

  @Test
  void sessionConfig_cpu_gpuCountIsZero() {
    ConfigProto c = DevicePlacement.sessionConfig(DeviceRequest.CPU, 2, 1);
    assertEquals(0, c.getDeviceCountOrThrow("GPU"));
    assertEquals("", c.getGpuOptions().getVisibleDeviceList());
    assertEquals(2, c.getIntraOpParallelismThreads());
    assertEquals(1, c.getInterOpParallelismThreads());
    assertEquals("/device:CPU:0", DevicePlacement.deviceSpec(DeviceRequest.CPU).toString());
  }

  @Test
  void sessionConfig_secondGpuOfTwo_listsBothAndPinsToIndexOne() {
    DeviceRequest.Gpu gpu = DeviceRequest.gpu("1", List.of("0", "1"));
    assertEquals("0,1", DevicePlacement.sessionConfig(gpu, 0, 0).getGpuOptions().getVisibleDeviceList());
    assertEquals("/device:GPU:1", DevicePlacement.deviceSpec(gpu).toString());
  }

  @Test
  void session_gpuConfigAndGraphPinnedToGpu_runsMatmulThroughSoftPlacement() {
    DeviceRequest.Gpu gpu = DeviceRequest.gpu("1", List.of("0", "1"));
    float[][] got =
        matmul(DevicePlacement.sessionConfig(gpu, 0, 0), DevicePlacement.deviceSpec(gpu));
    assertArrayEquals(new float[] {19, 22}, got[0], 0f); // exact: small integers in float32
    assertArrayEquals(new float[] {43, 50}, got[1], 0f);
  }

  @Test
  void session_cpuConfig_runsMatmul() {
    float[][] got =
        matmul(DevicePlacement.sessionConfig(DeviceRequest.CPU, 0, 0), DevicePlacement.deviceSpec(DeviceRequest.CPU));
    assertArrayEquals(new float[] {19, 22}, got[0], 0f); // exact: small integers in float32
    assertArrayEquals(new float[] {43, 50}, got[1], 0f);
  }

  @Test
  void place_gpuOnThisMachine_fallsBackToCpuConfig_andLogsOneLinePerJvm() {
    // GPU 9999 exists nowhere: with CPU natives the reason is the natives, with GPU natives TensorFlow
    // rejects the device, so the outcome is a CPU placement on every machine.
    List<String> lines = infoLines(() -> {
      Placement p = DevicePlacement.place(DeviceRequest.gpu("9999"), 0, 0);
      assertSame(p, DevicePlacement.place(DeviceRequest.gpu("9999"), 0, 0), "decided once per process");
      assertFalse(p.onGpu());
      assertEquals(DeviceRequest.CPU, p.effective());
      assertEquals(DeviceRequest.gpu("9999"), p.requested());
      assertEquals(DevicePlacement.sessionConfig(DeviceRequest.CPU, 0, 0), p.config());
      assertEquals(0, p.config().getDeviceCountOrThrow("GPU"));
      assertEquals("/device:CPU:0", p.device().toString());
      if (GpuProbe.nativesHaveGpuKernels()) {
        assertTrue(p.line().startsWith(
            "megaspark: running the model on the CPU: GPU 9999 requested but none visible (TensorFlow: "), p.line());
      } else {
        assertEquals("megaspark: running the model on the CPU: CPU natives (the jar has TensorFlow's linux-x86_64"
            + " build; build it with -Pgpu to use GPUs)", p.line());
      }
      float[][] got = matmul(p.config(), p.device());
      assertArrayEquals(new float[] {43, 50}, got[1], 0f); // exact: small integers in float32
      // More CPU decisions in the same JVM: placed, but not announced again.
      assertEquals(DeviceRequest.CPU, DevicePlacement.place(DeviceRequest.gpu("9998"), 0, 0).effective());
      assertEquals(DeviceRequest.CPU, DevicePlacement.place(DeviceRequest.CPU, 1, 1).effective());
    });
    assertEquals(List.of(DevicePlacement.place(DeviceRequest.gpu("9999"), 0, 0).line()), lines, "one line per JVM");
  }

  @Test
  void place_cpu_runsOnCpu_andSaysNoGpuWasRequested() {
    List<String> lines = infoLines(() -> {
      Placement p = DevicePlacement.place(DeviceRequest.CPU, 0, 0);
      assertEquals(DeviceRequest.CPU, p.effective());
      assertEquals(0, p.config().getDeviceCountOrThrow("GPU"));
    });
    assertEquals(List.of("megaspark: running the model on the CPU: no GPU requested"), lines);
  }

  @Test
  void gpuKernels_presentExactlyWithGpuNatives_andNoGpuWithCpuNatives() {
    boolean gpuNatives =
        DevicePlacement.class.getResource("/org/tensorflow/internal/c_api/linux-x86_64-gpu/libjnitensorflow.so") != null;
    assertEquals(gpuNatives, GpuProbe.nativesHaveGpuKernels());
    if (!gpuNatives) {
      assertFalse(DevicePlacement.gpuAvailable());
    }
  }

  @Test
  void checkSameVisibleList_otherList_failsSayingHowToConfigureExecutors() {
    MegalodonException e =
        assertThrows(MegalodonException.class, () -> DevicePlacement.checkSameVisibleList("0", "1"));
    assertEquals(
        "this JVM already runs TensorFlow on GPUs [0] and now asks for GPUs [1]: TensorFlow maps GPUs to"
            + " device numbers once per process, so every model in one executor must see the same GPU list"
            + " (tensorflow/tensorflow#19083). Give each executor one GPU (spark.executor.resource.gpu.amount=1),"
            + " or, for several GPUs per executor, enable spark.plugins=io.megaspark.jobs.gpu.GpuExecutorPlugin"
            + " so every task sees the executor's whole GPU list (docs/gpu.md)",
        e.getMessage());
  }

  @Test
  void sessionConfig_negativeThreads_fails() {
    MegalodonException e =
        assertThrows(MegalodonException.class, () -> DevicePlacement.sessionConfig(DeviceRequest.CPU, -1, 0));
    assertEquals("intraOpThreads = -1: must be 0 (TensorFlow picks) or a positive thread count", e.getMessage());
  }

  @Test
  void sessionConfig_logDevicePlacementProperty_turnsOnTensorflowPlacementLog() {
    System.setProperty(DevicePlacement.LOG_DEVICE_PLACEMENT_PROPERTY, "true");
    try {
      assertTrue(DevicePlacement.sessionConfig(DeviceRequest.gpu("0"), 0, 0).getLogDevicePlacement());
    } finally {
      System.clearProperty(DevicePlacement.LOG_DEVICE_PLACEMENT_PROPERTY);
    }
    assertFalse(DevicePlacement.sessionConfig(DeviceRequest.gpu("0"), 0, 0).getLogDevicePlacement());
  }

  /**
   * The INFO lines DevicePlacement logs while {@code body} runs in a JVM that has decided nothing yet
   * ({@link DevicePlacement#forgetDecisions}).
   */
  private static List<String> infoLines(Runnable body) {
    DevicePlacement.forgetDecisions();
    Logger jul = Logger.getLogger(DevicePlacement.class.getName());
    List<String> lines = new ArrayList<>();
    Handler h = new Handler() {
      @Override public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.INFO.intValue()) {
          lines.add(r.getMessage());
        }
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    jul.addHandler(h);
    try {
      body.run();
    } finally {
      jul.removeHandler(h);
    }
    return lines;
  }

  /** [[1,2],[3,4]] x [[5,6],[7,8]] with the graph pinned to {@code device} and a session from {@code config}. */
  private static float[][] matmul(ConfigProto config, DeviceSpec device) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withDevice(device);
      var a = tf.constant(new float[][] {{1, 2}, {3, 4}});
      var b = tf.constant(new float[][] {{5, 6}, {7, 8}});
      var c = tf.linalg.matMul(a, b);
      try (Session s = new Session(g, config);
          TFloat32 out = (TFloat32) s.runner().fetch(c).run().get(0)) {
        return StdArrays.array2dCopyOf(out);
      }
    }
  }
}
