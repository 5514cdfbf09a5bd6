package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.device.DevicePlacement;
import io.megaspark.megalodon.device.DeviceRequest;
import io.megaspark.megalodon.device.Placement;
import io.megaspark.megalodon.testing.TestModels;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/** The model's placement reaches its graphs and sessions; the CPU fallback computes what the CPU model does. */
class MegalodonModelPlacementTest {
  private static final MegalodonConfig CFG = TestModels.micro();
  private static final MegalodonWeights WEIGHTS = TestModels.perturbed(CFG, 5, 0.1);
  private static final DeviceRequest.Gpu GPU_3 = DeviceRequest.gpu("3");

  /** Records the configuration of every session and the devices of its graph's ops. */
  private static final class Recorder {
    final List<ConfigProto> configs = new ArrayList<>();
    final Set<String> opDevices = new TreeSet<>();

    BiFunction<Graph, ConfigProto, Session> then(BiFunction<Graph, ConfigProto, Session> open) {
      return (graph, config) -> {
        configs.add(config);
        graph.operations().forEachRemaining(op -> opDevices.add(((GraphOperation) op).device()));
        return open.apply(graph, config);
      };
    }
  }

  @Test
  void gpuPlacement_sessionGetsVisibleDeviceList3_andEveryOpIsPinnedToGpu0() {
    // A GPU placement as DevicePlacement makes it when GPU 3 exists; this machine need not have it, so the
    // recorder stops before TensorFlow would look for the device.
    Placement onGpu3 = new Placement(GPU_3, GPU_3, DevicePlacement.sessionConfig(GPU_3, 1, 1),
        DevicePlacement.deviceSpec(GPU_3), "test: GPU 3");
    Recorder seen = new Recorder();
    IllegalStateException stop = new IllegalStateException("recorded");
    try (MegalodonModel m = MegalodonModel.placed(CFG, WEIGHTS, onGpu3, seen.then((g, c) -> { throw stop; }))) {
      assertSame(stop, assertThrows(IllegalStateException.class, () -> run(m)));
    }
    ConfigProto c = seen.configs.get(0);
    assertEquals("3", c.getGpuOptions().getVisibleDeviceList());
    assertTrue(c.getGpuOptions().getAllowGrowth());
    assertTrue(c.getAllowSoftPlacement());
    assertEquals(1, c.getIntraOpParallelismThreads());
    assertEquals(1, c.getInterOpParallelismThreads());
    assertEquals(RewriterConfig.NumIterationsType.ONE, c.getGraphOptions().getRewriteOptions().getMetaOptimizerIterations());
    // visible_device_list "3" makes CUDA device 3 TensorFlow's GPU:0 inside this process.
    assertEquals(Set.of("/device:GPU:0"), seen.opDevices);
  }

  @Test
  void of_placesTheRequestedDeviceThroughDevicePlacement() {
    ModelOptions options = ModelOptions.threads(1).on(GPU_3);
    try (MegalodonModel m = MegalodonModel.of(CFG, WEIGHTS, options)) {
      assertSame(DevicePlacement.place(GPU_3, 1, 1), m.placement(), "decided once per JVM, shared");
      assertEquals(GPU_3, m.placement().requested());
    }
  }

  @Test
  void cpuFallback_sessionGetsTheCpuConfig_andOutputsAreBitIdenticalToTheCpuModel() {
    assumeFalse(DevicePlacement.gpuAvailable(), "needs a machine without GPUs, where GPU 3 falls back");
    Placement fallback = DevicePlacement.place(GPU_3, 1, 1);
    assertEquals(DeviceRequest.CPU, fallback.effective());
    Recorder seen = new Recorder();
    BlockOutput gpuRequest;
    try (MegalodonModel m = MegalodonModel.placed(CFG, WEIGHTS, fallback, seen.then(Session::new))) {
      gpuRequest = run(m);
    }
    ConfigProto c = seen.configs.get(0);
    assertEquals(MegalodonModel.sessionConfig(DevicePlacement.place(DeviceRequest.CPU, 1, 1)), c);
    assertEquals(0, c.getDeviceCountOrThrow("GPU"));
    assertEquals("", c.getGpuOptions().getVisibleDeviceList());
    assertEquals(Set.of("/device:CPU:0"), seen.opDevices);

    BlockOutput cpu;
    try (MegalodonModel m = MegalodonModel.of(CFG, WEIGHTS, ModelOptions.threads(1))) {
      cpu = run(m);
    }
    for (int t = 0; t < 8; t++) {
      assertArrayEquals(cpu.logits()[0][t], gpuRequest.logits()[0][t], "position " + t); // exact: same bits
    }
    assertArrayEquals(cpu.states()[0].toBytes(), gpuRequest.states()[0].toBytes());
  }

  /** One block of 8 tokens, one row. */
  private static BlockOutput run(MegalodonModel m) {
    return m.forward(new StreamState[] {StreamState.initial(CFG)}, new int[][] {TestModels.tokens(CFG, 8, 1)},
        new int[] {8}, OutputRequest.logitsOnly());
  }
}
