package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AdamWTest {
  private static ParameterSet single(String name, float... values) {
    ParameterSet p = new ParameterSet();
    p.put(name, new HostTensor(new long[] {values.length}, values));
    return p;
  }

  @Test
  void firstStep_movesEachScalarByLearningRateAgainstGradientSign() {
    // With zero moments, the bias-corrected first step is g/(|g|+eps): a step of lr against the sign.
    ParameterSet p = single("embed.weight", 1f, -2f, 3f);
    AdamW opt = new AdamW(AdamWConfig.paper(), p);
    opt.step(p, single("embed.weight", 0.5f, -4f, 1e-3f), 0.01);
    float[] got = p.get("embed.weight").values();
    assertEquals(0.99f, got[0], 1e-6f); // tolerance: eps/|g| relative effect and float32 rounding
    assertEquals(-1.99f, got[1], 1e-6f);
    assertEquals(2.99f, got[2], 1e-5f); // |g| = 1e-3: eps 1e-8 shifts by 1e-5 relative
    assertEquals(1, opt.stepCount());
  }

  @Test
  void decayedTensor_isShrunkByLearningRateTimesDecayBeforeTheAdamStep() {
    ParameterSet p = single("layers.0.mega.wz.weight", 2f);
    AdamW opt = new AdamW(AdamWConfig.paper(), p);
    opt.step(p, single("layers.0.mega.wz.weight", 1f), 0.1);
    // 2 - 0.1*0.1*2 - 0.1*1/(1+1e-8)
    assertEquals(2 - 0.02 - 0.1, p.get("layers.0.mega.wz.weight").values()[0], 1e-6); // float32 rounding
  }

  @Test
  void threeSteps_matchFloat64ReferenceFormula() {
    AdamWConfig c = new AdamWConfig(0.9, 0.95, 1e-8, 0.1);
    float[] grads = {0.3f, -0.1f, 0.7f};
    ParameterSet p = single("output.output.weight", 0.5f);
    AdamW opt = new AdamW(c, p);
    double ref = 0.5;
    double m = 0;
    double v = 0;
    for (int t = 1; t <= 3; t++) {
      double g = grads[t - 1];
      double lr = 0.01 * t;
      opt.step(p, single("output.output.weight", grads[t - 1]), lr);
      ref -= lr * 0.1 * ref;
      m = 0.9 * m + 0.1 * g;
      v = 0.95 * v + 0.05 * g * g;
      ref -= lr * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.95, t))) + 1e-8);
    }
    // tolerance: moments are rounded to float32 each step (relative 6e-8 each)
    assertEquals(ref, p.get("output.output.weight").values()[0], 1e-6);
  }

  @Test
  void manySteps_minimizeAQuadratic() {
    Random r = new Random(7);
    float[] target = new float[16];
    for (int i = 0; i < target.length; i++) {
      target[i] = (float) r.nextGaussian();
    }
    ParameterSet p = single("layers.0.mega.rmsnorm.weight", new float[16]);
    AdamW opt = new AdamW(AdamWConfig.paper(), p);
    for (int s = 0; s < 2000; s++) {
      float[] w = p.get("layers.0.mega.rmsnorm.weight").values();
      float[] g = new float[16];
      for (int i = 0; i < 16; i++) {
        g[i] = 2 * (w[i] - target[i]);
      }
      opt.step(p, single("layers.0.mega.rmsnorm.weight", g), 0.01);
    }
    float[] w = p.get("layers.0.mega.rmsnorm.weight").values();
    for (int i = 0; i < 16; i++) {
      assertEquals(target[i], w[i], 1e-2); // tolerance: Adam oscillates within about lr around the optimum
    }
  }

  @Test
  void decays_onlyProjectionMatricesAndTheHead() {
    assertTrue(AdamWConfig.decays("layers.3.mega.wz.weight"));
    assertTrue(AdamWConfig.decays("layers.0.mega.wh2.weight"));
    assertTrue(AdamWConfig.decays("layers.0.nffn.fc3.weight"));
    assertTrue(AdamWConfig.decays("output.output.weight"));
    assertFalse(AdamWConfig.decays("embed.weight"));
    assertFalse(AdamWConfig.decays("layers.0.mega.wz.bias"));
    assertFalse(AdamWConfig.decays("layers.0.mega.timenorm.weight"));
    assertFalse(AdamWConfig.decays("layers.0.mega.cema.alpha"));
    assertFalse(AdamWConfig.decays("layers.0.mega.gamma"));
    assertFalse(AdamWConfig.decays("layers.0.nffn.norm.weight"));
    assertFalse(AdamWConfig.decays("layers.0.mega.wz.lora_a"));
  }

  @Test
  void config_rejectsBetaOutOfRange() {
    var e = assertThrows(IllegalArgumentException.class, () -> new AdamWConfig(1.0, 0.95, 1e-8, 0.1));
    assertEquals("beta1 must be in [0, 1): beta1=1.0", e.getMessage());
  }
}
