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
      List<org.tensorflow.Operand<?>> heads = new java.util.ArrayList<>();
      for (int h = 0; h < H; h++) {
        SharedQueryKey.Output qk = new SharedQueryKey(DZ, EPS,
            constant(tf, headColumns(gamma, 2, H * DZ, h, DZ), 2, DZ),
            constant(tf, headColumns(beta, 2, H * DZ, h, DZ), 2, DZ), rope)
            .apply(tf, constant(tf, headColumns(z, B * T, H * DZ, h, DZ), B, T, DZ));
        heads.add(new ChunkedAttention(DZ, DV, CHUNK).apply(tf, qk.q(), qk.k(),
            constant(tf, headColumns(v, B * T, H * DV, h, DV), B, T, DV)));
      }
      return heads;
    });
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
          float got = ((float[]) out.get(i / DV))[(b * T + t) * DV + i % DV];
          assertEquals(ref[t][i], got, 1e-5, "row " + b + " t " + t + " i " + i); // float32 tolerance
        }
      }
    }
  }

  @Test
  void laterChunk_doesNotChangeEarlierOutputs() {
    Random rnd = new Random(9);
    float[] q = gaussian(rnd, T * DZ, 1.0);
    float[] k = gaussian(rnd, T * DZ, 1.0);
    float[] v = gaussian(rnd, T * DV, 1.0);
    float[] v2 = v.clone();
    for (int i = CHUNK * DV; i < v2.length; i++) {
      v2[i] += 5f; // change every value after the first chunk
    }
    float[] a = attend(q, k, v);
    float[] b = attend(q, k, v2);
    assertEquals(0.0, maxDiff(Arrays.copyOf(a, CHUNK * DV), Arrays.copyOf(b, CHUNK * DV)), 0.0); // exact
  }

  private static float[] attend(float[] q, float[] k, float[] v) {
    return (float[]) GraphTesting.run(tf -> List.of(new ChunkedAttention(DZ, DV, CHUNK).apply(tf,
        constant(tf, q, 1, T, DZ), constant(tf, k, 1, T, DZ), constant(tf, v, 1, T, DV)))).get(0);
  }

  /** Columns [h·w, (h+1)·w) of a [rows, cols] matrix. */
  private static float[] headColumns(float[] m, int rows, int cols, int h, int w) {
    float[] out = new float[rows * w];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(m, r * cols + h * w, out, r * w, w);
    }
    return out;
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
