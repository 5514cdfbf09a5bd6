package io.megaspark.megalodon.ema;

import static io.megaspark.megalodon.graph.GraphTesting.constant;
import static io.megaspark.megalodon.graph.GraphTesting.gaussian;
import static io.megaspark.megalodon.graph.GraphTesting.rows;
import static io.megaspark.megalodon.graph.GraphTesting.toDoubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.graph.GraphTesting;
import io.megaspark.megalodon.reference.ReferenceEma;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chunked EMA graph equals the plain float64 recurrence ({@link ReferenceEma}) on random inputs with a
 * random carried state and per-row valid lengths.
 */
class ComplexEmaTest {
  private static final int D = 6;
  private static final int N = 4;

  /** Raw parameters of one layer in the state-dict layout. */
  private record Params(float[] alpha, float[] delta, float[] theta, float[] gamma, float[] omega) {
    static Params random(Random rnd) {
      return new Params(gaussian(rnd, D * N, 0.5), gaussian(rnd, D * N, 0.5), gaussian(rnd, D, 1.0),
          gaussian(rnd, 2 * D * N, 1.0), gaussian(rnd, D, 0.5));
    }

    EmaCoefficients fast() {
      return EmaCoefficients.fromParameters(D, N, alpha, delta, theta, gamma, omega);
    }

    ReferenceEma.Coefficients reference() {
      return ReferenceEma.coefficients(toDoubles(alpha), toDoubles(delta), toDoubles(theta),
          toDoubles(gamma), toDoubles(omega), D, N);
    }
  }

  @Test
  void fastPath_withCarriedStateAndRaggedRows_matchesRecurrence() {
    Random rnd = new Random(7);
    check(Params.random(rnd), rnd, 3, 48, 16, new int[] {48, 31, 0});
  }

  @Test
  void fastPath_subChunkEdgeCases_matchRecurrence() {
    Random rnd = new Random(11);
    Params p = Params.random(rnd);
    check(p, rnd, 2, 16, 16, new int[] {16, 1}); // one sub-chunk
    check(p, rnd, 2, 64, 8, new int[] {17, 64}); // one past a sub-chunk boundary, and full
    check(p, rnd, 2, 64, 8, new int[] {16, 15}); // on and one before a boundary
    check(p, rnd, 1, 12, 4, new int[] {8});
  }

  @Test
  void coefficients_matchReference() {
    Params p = Params.random(new Random(3));
    EmaCoefficients c = p.fast();
    ReferenceEma.Coefficients ref = p.reference();
    for (int i = 0; i < D * N; i++) {
      assertEquals(ref.qRe()[i], c.powRe(i, 1), 1e-15, "q.re " + i);
      assertEquals(ref.qIm()[i], c.powIm(i, 1), 1e-15, "q.im " + i);
      assertEquals(ref.p()[i], c.inputWeight(i), 1e-15, "p " + i);
      assertEquals(ref.etaRe()[i], c.outputRe(i), 1e-15, "eta.re " + i);
      assertEquals(ref.etaIm()[i], c.outputIm(i), 1e-15, "eta.im " + i);
    }
  }

  @Test
  void eigenvalues_areInsideUnitCircle() {
    EmaCoefficients c = Params.random(new Random(3)).fast();
    for (int i = 0; i < D * N; i++) {
      assertTrue(c.decay(i) > 0 && c.decay(i) < 1, "|q| of component " + i + " = " + c.decay(i));
    }
  }

  @Test
  void subChunkFor_picksLargestDivisorNotAboveTarget() {
    assertEquals(64, ComplexEma.subChunkFor(1024, 64));
    assertEquals(16, ComplexEma.subChunkFor(16, 64));
    assertEquals(50, ComplexEma.subChunkFor(100, 64));
    assertEquals(1, ComplexEma.subChunkFor(7, 4));
  }

  private static void check(Params p, Random rnd, int b, int t, int s, int[] valid) {
    EmaCoefficients c = p.fast();
    float[] x = gaussian(rnd, b * t * D, 1.0); // values after the valid length must not matter
    float[] state = gaussian(rnd, D * b * 2 * N, 1.0); // [D, B, 2N]
    List<Object> out = GraphTesting.run(tf -> {
      ComplexEma.Weights w = new ComplexEma.Weights(
          constant(tf, ComplexEma.fusedMatrix(c, s), D, s + 2 * N, s),
          constant(tf, c.localStateMatrix(s), D, s, 2 * N),
          constant(tf, c.powerMatrix(s), D, 2 * N, 2 * N),
          constant(tf, c.stepPowers(s), D, s, 2 * N));
      ComplexEma.Output o = new ComplexEma(D, N, s, w).apply(tf, constant(tf, x, b, t, D),
          constant(tf, state, D, b, 2 * N), tf.constant(valid));
      return List.of(o.y(), o.state());
    });
    float[] y = (float[]) out.get(0);
    float[] end = (float[]) out.get(1);
    for (int r = 0; r < b; r++) {
      double[] hRe = new double[D * N];
      double[] hIm = new double[D * N];
      for (int d = 0; d < D; d++) {
        for (int n = 0; n < N; n++) {
          hRe[d * N + n] = state[(d * b + r) * 2 * N + n];
          hIm[d * N + n] = state[(d * b + r) * 2 * N + N + n];
        }
      }
      ReferenceEma.Output ref = ReferenceEma.forward(rows(x, r * t * D, valid[r], D), hRe, hIm,
          p.reference());
      for (int step = 0; step < valid[r]; step++) {
        for (int d = 0; d < D; d++) {
          assertEquals(ref.y()[step][d], y[(r * t + step) * D + d], 1e-5, // float32 tolerance
              "y row " + r + " step " + step + " d " + d);
        }
      }
      for (int d = 0; d < D; d++) {
        for (int n = 0; n < N; n++) {
          assertEquals(ref.hRe()[d * N + n], end[(d * b + r) * 2 * N + n], 1e-5, "h.re row " + r);
          assertEquals(ref.hIm()[d * N + n], end[(d * b + r) * 2 * N + N + n], 1e-5, "h.im row " + r);
        }
      }
    }
  }
}
