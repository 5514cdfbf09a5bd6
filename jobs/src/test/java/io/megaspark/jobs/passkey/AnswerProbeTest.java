package io.megaspark.jobs.passkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnswerProbeTest {
  @Test
  void probe_forcesTheAnswerAndRecordsLogProbAndGreedyMatch() {
    AnswerProbe probe = new AnswerProbe(new int[] {2, 0});
    // step 1: token 2 is the argmax; step 2: token 1 beats the true token 0
    assertEquals(2, probe.sample(new float[] {0f, 1f, 3f}));
    assertEquals(0, probe.sample(new float[] {0f, 2f, -1f}));
    double z1 = Math.log(Math.exp(0) + Math.exp(1) + Math.exp(3));
    double z2 = Math.log(Math.exp(0) + Math.exp(2) + Math.exp(-1));
    assertEquals(((3 - z1) + (0 - z2)) / 2, probe.meanLogProb(), 1e-6); // float logits: 1e-6
    assertEquals(1, probe.greedyMatched());
    assertArrayEquals(new int[] {2, 1}, probe.greedyPrefix()); // the matched token, then the miss
  }
}
