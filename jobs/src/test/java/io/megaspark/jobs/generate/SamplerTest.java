package io.megaspark.jobs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplerTest {
  static final float[] LOGITS = {1f, 3f, 2f, 3f, -1f};

  @Test
  void greedy_takesTheMostLikelyLowestIdOnTies() {
    assertEquals(1, Sampling.greedy().forDocument("x").sample(LOGITS));
  }

  @Test
  void topK1_isGreedy() {
    Sampler s = new Sampling(2.0, 1, 1.0, 3).forDocument("x");
    for (int i = 0; i < 50; i++) {
      assertEquals(1, s.sample(LOGITS));
    }
  }

  @Test
  void topP_keepsOnlyTheNucleus() {
    // p(1) = p(3) ~ 0.39 each; p = 0.5 keeps ids 1 and 3 only.
    Sampler s = new Sampling(1.0, 0, 0.5, 3).forDocument("x");
    for (int i = 0; i < 200; i++) {
      int t = s.sample(LOGITS);
      assertTrue(t == 1 || t == 3, "sampled " + t);
    }
  }

  @Test
  void temperature_matchesSoftmaxFrequencies() {
    Sampler s = new Sampling(1.0, 0, 1.0, 9).forDocument("doc");
    int[] counts = new int[LOGITS.length];
    int n = 40000;
    for (int i = 0; i < n; i++) {
      counts[s.sample(LOGITS)]++;
    }
    double z = 0;
    for (float l : LOGITS) {
      z += Math.exp(l);
    }
    for (int k = 0; k < LOGITS.length; k++) {
      assertEquals(Math.exp(LOGITS[k]) / z, counts[k] / (double) n, 0.01, "token " + k); // ~4 sigma at n=40000
    }
  }

  @Test
  void sameSeedAndDocument_sameStream_otherDocument_otherStream() {
    Sampling s = new Sampling(1.0, 0, 1.0, 9);
    Sampler a = s.forDocument("a");
    Sampler a2 = s.forDocument("a");
    Sampler b = s.forDocument("b");
    StringBuilder x = new StringBuilder();
    StringBuilder y = new StringBuilder();
    StringBuilder z = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      x.append(a.sample(LOGITS));
      y.append(a2.sample(LOGITS));
      z.append(b.sample(LOGITS));
    }
    assertEquals(x.toString(), y.toString());
    assertTrue(!x.toString().equals(z.toString()));
  }
}
