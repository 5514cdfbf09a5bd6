package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GradientClippingTest {
  private static ParameterSet grads(float[] a, float[] b) {
    ParameterSet g = new ParameterSet();
    g.put("a", new HostTensor(new long[] {a.length}, a));
    g.put("b", new HostTensor(new long[] {b.length}, b));
    return g;
  }

  @Test
  void globalNorm_spansAllTensors() {
    assertEquals(13.0, GradientClipping.globalNorm(grads(new float[] {3, 4}, new float[] {12})), 1e-12);
  }

  @Test
  void clip_aboveThreshold_scalesToMaxNormAndKeepsDirection() {
    ParameterSet g = grads(new float[] {3, 4}, new float[] {12});
    assertEquals(13.0, GradientClipping.clip(g, 1.0), 1e-12);
    assertEquals(1.0, GradientClipping.globalNorm(g), 1e-6); // float32 rounding of the scaled values
    assertArrayEquals(new float[] {3 / 13f, 4 / 13f}, g.get("a").values(), 1e-7f);
  }

  @Test
  void clip_belowThreshold_leavesGradientsUntouched() {
    ParameterSet g = grads(new float[] {0.3f}, new float[] {0.4f});
    GradientClipping.clip(g, 1.0);
    assertArrayEquals(new float[] {0.3f}, g.get("a").values(), 0f);
  }

  @Test
  void clip_nonFiniteNorm_failsNamingDivergence() {
    var e = assertThrows(IllegalStateException.class,
        () -> GradientClipping.clip(grads(new float[] {Float.NaN}, new float[] {1}), 1.0));
    assertEquals("gradient norm is not finite (NaN): training diverged", e.getMessage());
  }
}
