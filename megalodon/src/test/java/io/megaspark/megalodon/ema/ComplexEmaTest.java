package io.megaspark.megalodon.ema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The chunked EMA graph equals the plain recurrence, with carried state and per-row valid lengths. */
class ComplexEmaTest {
  private static final int D = 6;
  private static final int N = 4;

  @Test
  void fastPath_withCarriedStateAndRaggedRows_matchesRecurrence() {
    Random rnd = new Random(7);
    EmaCoefficients c = randomCoefficients(rnd);
    int b = 3;
    int t = 48;
    int[] valid = {48, 31, 0};
    check(c, rnd, b, t, 16, valid);
  }

  @Test
  void fastPath_singleSubChunkAndFullLastSubChunk_matchesRecurrence() {
    Random rnd = new Random(11);
    EmaCoefficients c = randomCoefficients(rnd);
    check(c, rnd, 2, 16, 16, new int[] {16, 1});
    check(c, rnd, 2, 64, 8, new int[] {17, 64});
    check(c, rnd, 1, 12, 4, new int[] {8});
  }

  @Test
  void subChunkFor_picksLargestDivisorBelowTarget() {
    assertEquals(64, ComplexEma.subChunkFor(1024, 64));
    assertEquals(16, ComplexEma.subChunkFor(16, 64));
    assertEquals(50, ComplexEma.subChunkFor(100, 64));
    assertEquals(1, ComplexEma.subChunkFor(7, 4));
  }

  @Test
  void eigenvalues_areInsideUnitCircle() {
    EmaCoefficients c = randomCoefficients(new Random(3));
    for (int i = 0; i < D * N; i++) {
      assertTrue(c.decay(i) > 0 && c.decay(i) < 1, "|q| of component " + i + " = " + c.decay(i));
    }
  }

  static EmaCoefficients randomCoefficients(Random rnd) {
    float[] alpha = gaussian(rnd, D * N, 0.5);
    float[] delta = gaussian(rnd, D * N, 0.5);
    float[] theta = gaussian(rnd, D, 1.0);
    float[] gamma = gaussian(rnd, 2 * D * N, 1.0);
    float[] omega = gaussian(rnd, D, 0.5);
    return EmaCoefficients.fromParameters(D, N, alpha, delta, theta, gamma, omega);
  }

  private static void check(EmaCoefficients c, Random rnd, int b, int t, int s, int[] valid) {
    float[] x = new float[b * t * D];
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < valid[r] * D; i++) {
        x[r * t * D + i] = (float) rnd.nextGaussian();
      }
    }
    float[] state = gaussian(rnd, D * b * 2 * N, 1.0); // [D, B, 2N]
    float[] y = new float[b * t * D];
    float[] end = new float[D * b * 2 * N];
    run(c, s, x, state, valid, b, t, y, end);
    for (int r = 0; r < b; r++) {
      for (int d = 0; d < D; d++) {
        double[] hr = new double[N];
        double[] hi = new double[N];
        for (int n = 0; n < N; n++) {
          hr[n] = state[(d * b + r) * 2 * N + n];
          hi[n] = state[(d * b + r) * 2 * N + N + n];
        }
        for (int step = 0; step < valid[r]; step++) {
          double xv = x[(r * t + step) * D + d];
          double out = c.skip(d) * xv;
          for (int n = 0; n < N; n++) {
            int idx = d * N + n;
            double qr = c.powRe(idx, 1);
            double qi = c.powIm(idx, 1);
            double nr = qr * hr[n] - qi * hi[n] + c.inputWeight(idx) * xv;
            double ni = qr * hi[n] + qi * hr[n];
            hr[n] = nr;
            hi[n] = ni;
            out += c.outputRe(idx) * nr - c.outputIm(idx) * ni;
          }
          assertEquals(out, y[(r * t + step) * D + d], 1e-5, "y row " + r + " step " + step + " d " + d);
        }
        for (int n = 0; n < N; n++) {
          assertEquals(hr[n], end[(d * b + r) * 2 * N + n], 1e-5, "h.re row " + r + " d " + d);
          assertEquals(hi[n], end[(d * b + r) * 2 * N + N + n], 1e-5, "h.im row " + r + " d " + d);
        }
      }
    }
  }

  private static void run(EmaCoefficients c, int s, float[] x, float[] state, int[] valid, int b,
      int t, float[] y, float[] end) {
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      ComplexEma.Weights w = new ComplexEma.Weights(
          constant(tf, ComplexEma.fusedMatrix(c, s), D, s + 2 * N, s),
          constant(tf, c.localStateMatrix(s), D, s, 2 * N),
          constant(tf, c.powerMatrix(s), D, 2 * N, 2 * N),
          constant(tf, c.stepPowers(s), D, s, 2 * N));
      ComplexEma ema = new ComplexEma(D, N, s, w);
      ComplexEma.Output out = ema.apply(tf, constant(tf, x, b, t, D), constant(tf, state, D, b, 2 * N),
          tf.constant(valid));
      try (Result r = session.runner().fetch(out.y()).fetch(out.state()).run()) {
        ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(y);
        ((TFloat32) r.get(1)).asRawTensor().data().asFloats().read(end);
      }
    }
  }

  static org.tensorflow.Operand<TFloat32> constant(Ops tf, float[] v, long... shape) {
    return tf.constant(Shape.of(shape), DataBuffers.of(v, true, false));
  }

  static float[] gaussian(Random rnd, int n, double sd) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextGaussian() * sd);
    }
    return a;
  }

}
