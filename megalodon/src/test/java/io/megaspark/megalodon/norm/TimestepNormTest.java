package io.megaspark.megalodon.norm;

import static io.megaspark.megalodon.graph.GraphTesting.constant;
import static io.megaspark.megalodon.graph.GraphTesting.gaussian;
import static io.megaspark.megalodon.graph.GraphTesting.rows;
import static io.megaspark.megalodon.graph.GraphTesting.toDoubles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.megalodon.graph.GraphTesting;
import io.megaspark.megalodon.reference.ReferenceTimestepNorm;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;

/** The cumulative-sum TimestepNorm graph equals the step-by-step Welford reference. */
class TimestepNormTest {
  private static final int D = 12;
  private static final int G = 3;
  private static final double EPS = 1e-5;

  @Test
  void carriedStateAndPaddedRows_matchReference() {
    Random rnd = new Random(5);
    int b = 3;
    int t = 10;
    int[] valid = {10, 6, 0};
    long[] counts = {0, 5, 7};
    double[][] means = {new double[G], {0.3, -0.2, 1.1}, {2.0, 0.1, -0.7}};
    double[][] vars = {new double[G], {0.9, 1.4, 0.2}, {0.5, 3.0, 1.0}};
    float[] x = gaussian(rnd, b * t * D, 1.5);
    float[] w = gaussian(rnd, D, 0.3);
    float[] bias = gaussian(rnd, D, 0.3);
    // tolerances: outputs float32; states 1e-7 relative (per-step moments are float32 sums)
    check(x, valid, counts, means, vars, w, bias, b, t, 1e-5, 1e-7);
    check(x, valid, counts, means, vars, null, null, b, t, 1e-5, 1e-7);
  }

  @Test
  void largeCarriedCountAndOffsetMean_noCancellation() {
    Random rnd = new Random(6);
    int t = 8;
    float[] x = new float[t * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (100.0 + 0.01 * rnd.nextGaussian());
    }
    long[] counts = {10_000_000L};
    double[][] means = {{100.0, 100.001, 99.999}};
    double[][] vars = {{1e-4, 2e-4, 1e-4}};
    // outputs to 1e-3: x - mu in float32 at an offset of 1e4 standard deviations
    check(x, new int[] {t}, counts, means, vars, null, null, 1, t, 1e-3, 1e-7);
  }

  private static void check(float[] x, int[] valid, long[] counts, double[][] means,
      double[][] vars, float[] w, float[] bias, int b, int t, double tolY, double tolState) {
    float[] validMask = new float[b * t];
    double[] count = new double[b];
    double[] mean = new double[b * G];
    double[] var = new double[b * G];
    for (int r = 0; r < b; r++) {
      for (int s = 0; s < valid[r]; s++) {
        validMask[r * t + s] = 1f;
      }
      count[r] = counts[r];
      System.arraycopy(means[r], 0, mean, r * G, G);
      System.arraycopy(vars[r], 0, var, r * G, G);
    }
    List<Object> out = GraphTesting.run(tf -> {
      Operand<org.tensorflow.types.TFloat32> wOp = w == null ? null : constant(tf, w, D);
      Operand<org.tensorflow.types.TFloat32> bOp = bias == null ? null : constant(tf, bias, D);
      TimestepNorm.Output o = new TimestepNorm(D, G, EPS, wOp, bOp, true).apply(tf,
          constant(tf, x, b, t, D), constant(tf, validMask, b, t), constant(tf, count, b),
          constant(tf, mean, b, G), constant(tf, var, b, G));
      return List.of(o.y(), o.mean(), o.var());
    });
    float[] y = (float[]) out.get(0);
    double[] meanOut = (double[]) out.get(1);
    double[] varOut = (double[]) out.get(2);
    for (int r = 0; r < b; r++) {
      boolean[] padding = new boolean[t];
      for (int s = valid[r]; s < t; s++) {
        padding[s] = true;
      }
      ReferenceTimestepNorm.Output ref = ReferenceTimestepNorm.forward(rows(x, r * t * D, t, D), padding,
          new ReferenceTimestepNorm.State(counts[r], means[r], vars[r]),
          w == null ? null : toDoubles(w), bias == null ? null : toDoubles(bias), G, EPS);
      for (int s = 0; s < t; s++) {
        for (int k = 0; k < D; k++) {
          assertEquals(ref.y()[s][k], y[(r * t + s) * D + k], tolY, "y row " + r + " step " + s);
        }
      }
      for (int g = 0; g < G; g++) {
        double scale = Math.max(1, Math.abs(ref.state().mean()[g]));
        assertEquals(ref.state().mean()[g], meanOut[r * G + g], tolState * scale, "mean row " + r);
        assertEquals(ref.state().var()[g], varOut[r * G + g],
            Math.max(tolState, 1e-6 * ref.state().var()[g]), "var row " + r);
      }
    }
  }
}
