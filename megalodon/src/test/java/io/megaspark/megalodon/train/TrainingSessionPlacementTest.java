package io.megaspark.megalodon.train;

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
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/**
 * Training sessions are placed as the inference model is (DevicePlacement): a GPU placement pins the
 * graph to the GPU and gives the session its GPU configuration; a GPU this machine lacks falls back to the
 * CPU and trains exactly as the CPU does.
 */
class TrainingSessionPlacementTest {
  private static final MegalodonConfig CFG = TestModels.micro();
  private static final DeviceRequest.Gpu GPU_3 = DeviceRequest.gpu("3");

  private static GraphSpec spec() {
    ParameterSet w = WeightSets.fromWeights(TestModels.perturbed(CFG, 5, 0.1));
    return new TrainingMode.Full().spec(CFG, 1, 2 * CFG.chunkSize(), w, Set.of());
  }

  @Test
  void gpuPlacement_pinsTheForwardGraphToGpu0_andTheSessionGetsTheGpuConfig() {
    Placement onGpu3 = new Placement(GPU_3, GPU_3, DevicePlacement.sessionConfig(GPU_3, 1, 1),
        DevicePlacement.deviceSpec(GPU_3), "test: GPU 3");
    List<ConfigProto> configs = new ArrayList<>();
    Set<String> forwardDevices = new TreeSet<>();
    Set<String> gradientDevices = new TreeSet<>();
    IllegalStateException stop = new IllegalStateException("recorded");
    assertSame(stop, assertThrows(IllegalStateException.class, () -> new TrainingSession(spec(), onGpu3, (g, c) -> {
      configs.add(c);
      g.operations().forEachRemaining(op -> {
        String name = ((GraphOperation) op).name();
        (name.startsWith("gradients") ? gradientDevices : forwardDevices).add(((GraphOperation) op).device());
      });
      throw stop; // before TensorFlow would look for GPU 3
    })));
    assertEquals("3", configs.get(0).getGpuOptions().getVisibleDeviceList());
    assertTrue(configs.get(0).getAllowSoftPlacement());
    assertEquals(Set.of("/device:GPU:0"), forwardDevices);
    assertTrue(!gradientDevices.isEmpty(), "the graph has gradient ops");
  }

  @Test
  void cpuFallback_trainsBitForBitAsTheCpuSession() {
    assumeFalse(DevicePlacement.gpuAvailable(), "needs a machine without GPUs, where GPU 3 falls back");
    Placement fallback = TrainingSession.placement(GPU_3, 1);
    assertEquals(DeviceRequest.CPU, fallback.effective());
    StepResult onFallback = step(new TrainingSession(spec(), fallback));
    StepResult onCpu = step(new TrainingSession(spec(), 1));
    assertEquals(onCpu.loss(), onFallback.loss(), 0.0); // exact: same kernels, same bits
    for (String name : onCpu.gradients().names()) {
      assertArrayEquals(onCpu.gradients().get(name).values(), onFallback.gradients().get(name).values(), name);
    }
  }

  private static StepResult step(TrainingSession s) {
    try (s) {
      int t = s.spec().blockTokens();
      int[] tokens = TestModels.tokens(CFG, t + 1, 7);
      int[][] in = {java.util.Arrays.copyOf(tokens, t)};
      int[][] out = {java.util.Arrays.copyOfRange(tokens, 1, t + 1)};
      return s.run(WeightSets.fromWeights(TestModels.perturbed(CFG, 5, 0.1)), null,
          new StreamState[] {StreamState.initial(CFG)}, in, out, new int[] {t}, 0);
    }
  }
}
