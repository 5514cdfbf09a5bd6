package io.megaspark.megalodon.rope;

import static io.megaspark.megalodon.graph.GraphTesting.constant;
import static io.megaspark.megalodon.graph.GraphTesting.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.megalodon.graph.GraphTesting;
import io.megaspark.megalodon.reference.ReferenceAttention;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Interleaved RoPE with positions restarting in every chunk, against the float64 reference. */
class RotaryEmbeddingTest {
  private static final int CHUNK = 4;
  private static final int T = 3 * CHUNK;
  private static final int H = 2;
  private static final int DZ = 8;
  private static final double BASE = 10000;

  @Test
  void positionsInsideChunk_matchReference() {
    float[] x = gaussian(new Random(4), T * H * DZ, 1.0);
    float[] y = rotate(x, 1f);
    for (int t = 0; t < T; t++) {
      for (int h = 0; h < H; h++) {
        int at = (t * H + h) * DZ;
        double[] in = new double[DZ];
        for (int i = 0; i < DZ; i++) {
          in[i] = x[at + i];
        }
        double[] ref = ReferenceAttention.rope(in, t % CHUNK, BASE);
        for (int i = 0; i < DZ; i++) {
          assertEquals(ref[i], y[at + i], 1e-5, "t " + t + " head " + h + " dim " + i); // float32
        }
      }
    }
  }

  @Test
  void attentionFactor_scalesCosAndSin() {
    float[] x = gaussian(new Random(5), T * H * DZ, 1.0);
    float[] plain = rotate(x, 1f);
    float[] scaled = rotate(x, 1.5f);
    for (int i = 0; i < x.length; i++) {
      assertEquals(1.5 * plain[i], scaled[i], 1e-5, "element " + i); // float32
    }
  }

  @Test
  void defaultInverseFrequencies_areBasePowers() {
    float[] f = RotaryEmbedding.defaultInverseFrequencies(8, 10000);
    assertEquals(4, f.length);
    assertEquals(1.0, f[0], 0);
    assertEquals(Math.pow(10000, -0.25), f[1], 1e-7); // float32 rounding
    assertEquals(Math.pow(10000, -0.75), f[3], 1e-9);
  }

  @Test
  void constructor_badFactor_fails() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RotaryEmbedding(new float[] {1f}, 0f, 4));
    assertEquals("attentionFactor must be finite and > 0, got 0.0", e.getMessage());
  }

  private static float[] rotate(float[] x, float factor) {
    float[] inv = RotaryEmbedding.defaultInverseFrequencies(DZ, BASE);
    return (float[]) GraphTesting.run(tf -> List.of(new RotaryEmbedding(Arrays.copyOf(inv, inv.length),
        factor, CHUNK).apply(tf, constant(tf, x, 1, T, H, DZ)))).get(0);
  }
}
