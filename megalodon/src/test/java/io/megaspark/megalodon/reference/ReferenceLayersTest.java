package io.megaspark.megalodon.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.testing.GoldenCase;
import io.megaspark.megalodon.testing.TestModels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Layer-level properties of the reference (MODEL.md 1.2-1.4). */
class ReferenceLayersTest {
  private static final double EXACT = 1e-12; // float64 rounding only

  @Test
  void emaEigenvaluesInsideUnitCircle_forRandomAndGoldenWeights() {
    SplittableRandom r = new SplittableRandom(1);
    int d = 8;
    int n = 16;
    double[] alpha = r.doubles(d * n, -12, 12).toArray();
    double[] delta = r.doubles(d * n, -12, 12).toArray();
    double[] theta = r.doubles(d, -12, 12).toArray();
    ReferenceEma.Coefficients c = ReferenceEma.coefficients(alpha, delta, theta,
        new double[2 * d * n], new double[d], d, n);
    assertInsideUnitCircle(c.qAbs());
    ReferenceModel golden = new ReferenceModel(GoldenCase.weights());
    for (int l = 0; l < golden.config().numLayers(); l++) {
      assertInsideUnitCircle(golden.emaCoefficients(l).qAbs());
    }
  }

  private static void assertInsideUnitCircle(double[] abs) {
    for (double a : abs) {
      assertTrue(a > 0 && a < 1, "|q| = " + a);
    }
  }

  @Test
  void emaRecurrence_equalsConvolutionForm() {
    // y_t = sum_j K[j] x_{t-j} + Re(sum_n eta q^{t+1} h0) + omega x_t, K[j] = Re(sum_n eta p q^j)
    SplittableRandom r = new SplittableRandom(2);
    int d = 3;
    int n = 4;
    int t = 10;
    ReferenceEma.Coefficients c = ReferenceEma.coefficients(r.doubles(d * n, -2, 2).toArray(),
        r.doubles(d * n, -2, 2).toArray(), r.doubles(d, -2, 2).toArray(),
        r.doubles(2 * d * n, -1, 1).toArray(), r.doubles(d, -1, 1).toArray(), d, n);
    double[][] x = randomMatrix(r, t, d);
    double[] h0Re = r.doubles(d * n, -1, 1).toArray();
    double[] h0Im = r.doubles(d * n, -1, 1).toArray();
    double[][] y = ReferenceEma.forward(x, h0Re, h0Im, c).y();
    for (int dd = 0; dd < d; dd++) {
      for (int s = 0; s < t; s++) {
        double expected = c.omega()[dd] * x[s][dd];
        for (int k = 0; k < n; k++) {
          int i = dd * n + k;
          double mag = Math.hypot(c.qRe()[i], c.qIm()[i]);
          double ang = Math.atan2(c.qIm()[i], c.qRe()[i]);
          for (int j = 0; j <= s; j++) {
            double qj = Math.pow(mag, j);
            expected += x[s - j][dd] * c.p()[i]
                * (c.etaRe()[i] * qj * Math.cos(j * ang) - c.etaIm()[i] * qj * Math.sin(j * ang));
          }
          double qs = Math.pow(mag, s + 1);
          double pr = qs * Math.cos((s + 1) * ang);
          double pi = qs * Math.sin((s + 1) * ang);
          double hr = pr * h0Re[i] - pi * h0Im[i];
          double hi = pr * h0Im[i] + pi * h0Re[i];
          expected += c.etaRe()[i] * hr - c.etaIm()[i] * hi;
        }
        assertEquals(expected, y[s][dd], 1e-12, "d=" + dd + ", t=" + s);
      }
    }
  }

  @Test
  void timestepNormStreaming_equalsFullSequence() {
    SplittableRandom r = new SplittableRandom(3);
    double[][] x = randomMatrix(r, 20, 8);
    double[] w = r.doubles(8, -0.5, 0.5).toArray();
    double[] b = r.doubles(8, -0.5, 0.5).toArray();
    var full = ReferenceTimestepNorm.forward(x, null, ReferenceTimestepNorm.State.initial(2), w, b, 2,
        1e-5);
    var state = ReferenceTimestepNorm.State.initial(2);
    int from = 0;
    for (int len : new int[] {1, 6, 3, 10}) {
      var part = ReferenceTimestepNorm.forward(Arrays.copyOfRange(x, from, from + len), null, state,
          w, b, 2, 1e-5);
      for (int s = 0; s < len; s++) {
        assertArrayEquals(full.y()[from + s], part.y()[s], EXACT);
      }
      state = part.state();
      from += len;
    }
    assertEquals(full.state().count(), state.count());
    assertArrayEquals(full.state().mean(), state.mean(), EXACT);
    assertArrayEquals(full.state().var(), state.var(), EXACT);
  }

  @Test
  void timestepNormStatistics_arePooledMeanAndVarianceOfThePrefix() {
    SplittableRandom r = new SplittableRandom(4);
    double[][] x = randomMatrix(r, 7, 6);
    var out = ReferenceTimestepNorm.forward(x, null, ReferenceTimestepNorm.State.initial(2), null,
        null, 2, 1e-5);
    for (int g = 0; g < 2; g++) {
      double sum = 0;
      double sq = 0;
      for (double[] row : x) {
        for (int k = 3 * g; k < 3 * g + 3; k++) {
          sum += row[k];
          sq += row[k] * row[k];
        }
      }
      double mean = sum / 21;
      assertEquals(mean, out.state().mean()[g], EXACT);
      assertEquals(sq / 21 - mean * mean, out.state().var()[g], 1e-12);
      // the last step is normalised with the statistics that include it (eps inside the root)
      double expected = (x[6][3 * g] - mean) / Math.sqrt(sq / 21 - mean * mean + 1e-5);
      assertEquals(expected, out.y()[6][3 * g], 1e-12);
    }
  }

  @Test
  void timestepNormPaddedSteps_outputZeroAndLeaveStateAlone() {
    SplittableRandom r = new SplittableRandom(5);
    double[][] x = randomMatrix(r, 6, 4);
    boolean[] pad = {false, true, false, false, true, true};
    double[] w = r.doubles(4, -0.5, 0.5).toArray();
    double[] b = r.doubles(4, -0.5, 0.5).toArray();
    var padded = ReferenceTimestepNorm.forward(x, pad, ReferenceTimestepNorm.State.initial(2), w, b,
        2, 1e-5);
    double[][] kept = {x[0], x[2], x[3]};
    var compact = ReferenceTimestepNorm.forward(kept, null, ReferenceTimestepNorm.State.initial(2), w,
        b, 2, 1e-5);
    assertArrayEquals(new double[4], padded.y()[1], 0.0);
    assertArrayEquals(new double[4], padded.y()[5], 0.0);
    assertArrayEquals(compact.y()[2], padded.y()[3], EXACT);
    assertEquals(3, padded.state().count());
    assertArrayEquals(compact.state().mean(), padded.state().mean(), EXACT);
    assertArrayEquals(compact.state().var(), padded.state().var(), EXACT);
  }

  @Test
  void norms_matchHandComputedValues() {
    double[] x = {3, 4};
    // rms = sqrt((9 + 16) / 2 + eps); weights are plus-one
    double rms = Math.sqrt(12.5 + 1e-5);
    assertArrayEquals(new double[] {3 / rms * 1.5, 4 / rms * 0.5},
        ReferenceNorms.rmsNorm(x, new double[] {0.5, -0.5}, 1e-5), EXACT);
    double sd = Math.sqrt(0.25 + 1e-5); // mean 3.5, population variance 0.25
    assertArrayEquals(new double[] {-0.5 / sd + 1, 0.5 / sd * 2 - 1},
        ReferenceNorms.layerNorm(x, new double[] {0, 1}, new double[] {1, -1}, 1e-5), EXACT);
    double[] z = ReferenceNorms.headRmsNorm(new double[] {3, 4, 1, 0}, 2, 0);
    assertArrayEquals(new double[] {3 / Math.sqrt(12.5), 4 / Math.sqrt(12.5), Math.sqrt(2), 0}, z,
        EXACT);
  }

  @Test
  void rope_keepsOnlyRelativePositionInDotProducts() {
    SplittableRandom r = new SplittableRandom(6);
    double[] q = r.doubles(8, -1, 1).toArray();
    double[] k = r.doubles(8, -1, 1).toArray();
    double a = dot(ReferenceAttention.rope(q, 5, 100), ReferenceAttention.rope(k, 2, 100));
    double b = dot(ReferenceAttention.rope(q, 13, 100), ReferenceAttention.rope(k, 10, 100));
    assertEquals(a, b, 1e-12);
    // interleaved pairing: dims (0,1) turn by position * base^0 radians
    double[] e = ReferenceAttention.rope(new double[] {1, 0, 0, 0}, 1, 100);
    assertArrayEquals(new double[] {Math.cos(1), Math.sin(1), 0, 0}, e, EXACT);
  }

  @Test
  void attention_neverCrossesAChunk() {
    SplittableRandom r = new SplittableRandom(7);
    double[][] q = randomMatrix(r, 8, 4);
    double[][] k = randomMatrix(r, 8, 4);
    double[][] v = randomMatrix(r, 8, 6);
    double[][] out = ReferenceAttention.forward(q, k, v, 2, 4, 10000);
    double[][] second = ReferenceAttention.forward(Arrays.copyOfRange(q, 4, 8),
        Arrays.copyOfRange(k, 4, 8), Arrays.copyOfRange(v, 4, 8), 2, 4, 10000);
    for (int t = 0; t < 4; t++) {
      assertArrayEquals(second[t], out[4 + t], EXACT);
    }
    assertArrayEquals(v[4], out[4], EXACT); // the first token of a chunk sees only itself
  }

  @Test
  void perturbedWeights_haveNonZeroConventionSensitiveParameters() {
    var w = TestModels.perturbed(TestModels.micro(), 1, 0.1);
    assertTrue(Arrays.stream(box(w.get("layers.0.mega.timenorm.weight"))).anyMatch(v -> v != 0));
    float[] g = w.get("layers.0.mega.cema.gamma");
    assertTrue(g[1] != 0 && g[3] != 0);
  }

  private static double[] box(float[] f) {
    return ReferenceMath.toDoubles(f);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[][] randomMatrix(SplittableRandom r, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = r.doubles(cols, -2, 2).toArray();
    }
    return m;
  }
}
