package io.megaspark.megalodon.attention;

import static io.megaspark.megalodon.graph.GraphTesting.constant;
import static io.megaspark.megalodon.graph.GraphTesting.gaussian;
import static io.megaspark.megalodon.graph.GraphTesting.rows;
import static io.megaspark.megalodon.graph.GraphTesting.toDoubles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.megalodon.graph.GraphTesting;
import io.megaspark.megalodon.reference.ReferenceAttention;
import io.megaspark.megalodon.reference.ReferenceNorms;
import io.megaspark.megalodon.rope.RotaryEmbedding;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Q/K from the normalised Z, RoPE and block-diagonal causal attention against the float64 reference. */
class ChunkedAttentionTest {
  private static final int B = 2;
  private static final int CHUNK = 4;
  private static final int T = 3 * CHUNK;
  private static final int H = 2;
  private static final int DZ = 8;
  private static final int DV = 6;
  private static final double BASE = 10000;
  private static final double EPS = 1e-5;

  @Test
  void queryKeyRopeAndAttention_matchReference() {
    Random rnd = new Random(8);
    float[] z = gaussian(rnd, B * T * H * DZ, 1.5);
    float[] v = gaussian(rnd, B * T * H * DV, 1.0);
    float[] gamma = gaussian(rnd, 2 * H * DZ, 0.3);
    float[] beta = gaussian(rnd, 2 * H * DZ, 0.3);
    List<Object> out = GraphTesting.run(tf -> {
      RotaryEmbedding rope = new RotaryEmbedding(RotaryEmbedding.defaultInverseFrequencies(DZ, BASE), 1f, CHUNK);
      SharedQueryKey.Output qk = new SharedQueryKey(H, DZ, EPS, constant(tf, gamma, 2, H * DZ),
          constant(tf, beta, 2, H * DZ), rope).apply(tf, constant(tf, z, B, T, H * DZ));
      return List.of(new ChunkedAttention(H, DZ, DV, CHUNK).apply(tf, qk.q(), qk.k(),
          constant(tf, v, B, T, H, DV)));
    });
    float[] o = (float[]) out.get(0);
    for (int b = 0; b < B; b++) {
      double[][] zr = rows(z, b * T * H * DZ, T, H * DZ);
      double[][] q = new double[T][];
      double[][] k = new double[T][];
      for (int t = 0; t < T; t++) {
        double[][] qkRef = ReferenceAttention.queryKey(ReferenceNorms.headRmsNorm(zr[t], H, EPS),
            toDoubles(gamma), toDoubles(beta), DZ);
        q[t] = qkRef[0];
        k[t] = qkRef[1];
      }
      double[][] ref = ReferenceAttention.forward(q, k, rows(v, b * T * H * DV, T, H * DV), H, CHUNK, BASE);
      for (int t = 0; t < T; t++) {
        for (int i = 0; i < H * DV; i++) {
          assertEquals(ref[t][i], o[(b * T + t) * H * DV + i], 1e-5, // float32 tolerance
              "row " + b + " t " + t + " i " + i);
        }
      }
    }
  }

  @Test
  void laterChunk_doesNotChangeEarlierOutputs() {
    Random rnd = new Random(9);
    float[] q = gaussian(rnd, T * H * DZ, 1.0);
    float[] k = gaussian(rnd, T * H * DZ, 1.0);
    float[] v = gaussian(rnd, T * H * DV, 1.0);
    float[] v2 = v.clone();
    for (int i = CHUNK * H * DV; i < v2.length; i++) {
      v2[i] += 5f; // change every value after the first chunk
    }
    float[] a = attend(q, k, v);
    float[] b = attend(q, k, v2);
    assertEquals(0.0, maxDiff(Arrays.copyOf(a, CHUNK * H * DV), Arrays.copyOf(b, CHUNK * H * DV)), 0.0);
  }

  private static float[] attend(float[] q, float[] k, float[] v) {
    return (float[]) GraphTesting.run(tf -> List.of(new ChunkedAttention(H, DZ, DV, CHUNK).apply(tf,
        constant(tf, q, 1, T, H, DZ), constant(tf, k, 1, T, H, DZ), constant(tf, v, 1, T, H, DV)))).get(0);
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
