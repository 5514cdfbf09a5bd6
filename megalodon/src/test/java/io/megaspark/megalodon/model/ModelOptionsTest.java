package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.testing.TestModels;
import io.megaspark.megalodon.weights.MegalodonWeights;
import org.junit.jupiter.api.Test;

class ModelOptionsTest {
  @Test
  void device_parsesTypeAndIndex() {
    assertNull(ModelOptions.defaults().deviceSpec());
    assertEquals("/device:GPU:1", new ModelOptions(1, 1, "gpu:1").deviceSpec().toString());
    assertEquals("/device:CPU:0", new ModelOptions(1, 1, "/device:CPU:0").deviceSpec().toString());
  }

  @Test
  void device_unknownName_fails() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelOptions(1, 1, "tpu"));
    assertEquals("device must be null (CPU) or a device such as /device:GPU:0, GPU:1 or CPU, got 'tpu'",
        e.getMessage());
  }

  @Test
  void negativeThreads_fail() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelOptions(-1, 1, null));
    assertEquals("intraOpThreads must be >= 0 (0 = default), got -1", e.getMessage());
  }

  @Test
  void explicitCpuDevice_givesTheSameLogits() {
    MegalodonConfig cfg = TestModels.micro();
    MegalodonWeights w = TestModels.perturbed(cfg, 3, 0.1);
    int[][] tokens = {TestModels.tokens(cfg, 4, 1)};
    StreamState[] s = {StreamState.initial(cfg)};
    try (MegalodonModel a = MegalodonModel.of(cfg, w, ModelOptions.threads(1));
        MegalodonModel b = MegalodonModel.of(cfg, w, new ModelOptions(1, 1, "CPU:0"))) {
      float[] x = a.forward(s, tokens, new int[] {4}, OutputRequest.logitsOnly()).logits()[0][3];
      float[] y = b.forward(s, tokens, new int[] {4}, OutputRequest.logitsOnly()).logits()[0][3];
      assertArrayEquals(x, y, 0f); // same kernels, same device
    }
  }
}
