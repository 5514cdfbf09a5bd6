package io.megaspark.megalodon.norm;

import static io.megaspark.megalodon.graph.GraphTesting.constant;
import static io.megaspark.megalodon.graph.GraphTesting.gaussian;
import static io.megaspark.megalodon.graph.GraphTesting.toDoubles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.megalodon.graph.GraphTesting;
import io.megaspark.megalodon.reference.ReferenceNorms;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Plus-one RMSNorm, per-head RMS normalisation and LayerNorm against the float64 references. */
class NormsTest {
  private static final int ROWS = 5;
  private static final int W = 16;
  private static final double EPS = 1e-5;

  @Test
  void rmsNorm_plusOneWeight_matchesReference() {
    Random rnd = new Random(1);
    float[] x = gaussian(rnd, ROWS * W, 2.0);
    float[] w = gaussian(rnd, W, 0.2);
    float[] y = (float[]) GraphTesting.run(tf -> List.of(
        new RmsNorm(W, EPS, constant(tf, w, W)).apply(tf, constant(tf, x, ROWS, W)))).get(0);
    for (int r = 0; r < ROWS; r++) {
      double[] ref = ReferenceNorms.rmsNorm(row(x, r), toDoubles(w), EPS);
      assertRow(ref, y, r, 1e-5); // float32 tolerance
    }
  }

  @Test
  void headRmsNorm_noAffine_matchesReference() {
    Random rnd = new Random(2);
    int heads = 2;
    float[] x = gaussian(rnd, ROWS * W, 3.0);
    float[] y = (float[]) GraphTesting.run(tf -> List.of(new RmsNorm(W / heads, EPS, null)
        .apply(tf, constant(tf, x, ROWS, heads, W / heads)))).get(0);
    for (int r = 0; r < ROWS; r++) {
      assertRow(ReferenceNorms.headRmsNorm(row(x, r), heads, EPS), y, r, 1e-5); // float32 tolerance
    }
  }

  @Test
  void layerNorm_plusOneWeightPopulationVariance_matchesReference() {
    Random rnd = new Random(3);
    float[] x = gaussian(rnd, ROWS * W, 2.0);
    for (int i = 0; i < x.length; i++) {
      x[i] += 3f; // a mean to subtract
    }
    float[] w = gaussian(rnd, W, 0.2);
    float[] b = gaussian(rnd, W, 0.2);
    List<Object> out = GraphTesting.run(tf -> List.of(
        new LayerNorm(W, EPS, constant(tf, w, W), constant(tf, b, W)).apply(tf, constant(tf, x, ROWS, W)),
        new LayerNorm(W, EPS, null, null).apply(tf, constant(tf, x, ROWS, W))));
    for (int r = 0; r < ROWS; r++) {
      assertRow(ReferenceNorms.layerNorm(row(x, r), toDoubles(w), toDoubles(b), EPS),
          (float[]) out.get(0), r, 1e-5); // float32 tolerance
      assertRow(ReferenceNorms.layerNorm(row(x, r), null, null, EPS), (float[]) out.get(1), r, 1e-5);
    }
  }

  private static double[] row(float[] x, int r) {
    return toDoubles(Arrays.copyOfRange(x, r * W, (r + 1) * W));
  }

  private static void assertRow(double[] ref, float[] y, int r, double tol) {
    for (int i = 0; i < W; i++) {
      assertEquals(ref[i], y[r * W + i], tol, "row " + r + " feature " + i);
    }
  }
}
