package io.megaspark.megalodon.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.reference.ReferenceEma;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CEMA summary composes associatively and its scan reproduces the recurrence (MODEL.md 1.2, 1.10). */
class EmaSummaryTest {
  private static final double TIGHT = 1e-12; // float64 rounding over a few hundred steps
  private static final int D = 6;
  private static final int N = 4;

  private final SplittableRandom random = new SplittableRandom(23);
  private final ReferenceEma.Coefficients coefficients = ScanTesting.coefficients(random, D, N);

  private EmaSummary randomSummary() {
    int s = D * N;
    return new EmaSummary(random.doubles(s, -1, 1).toArray(), random.doubles(s, -1, 1).toArray(),
        random.doubles(s, -2, 2).toArray(), random.doubles(s, -2, 2).toArray());
  }

  @Test
  void identity_isNeutralOnBothSides() {
    EmaSummary a = randomSummary();
    EmaSummary e = EmaSummary.identity(D * N);
    assertEquals(a, e.andThen(a)); // exact: multiplying by 1 + 0i and adding 0
    assertEquals(a, a.andThen(e));
  }

  @Test
  void andThen_isAssociative() {
    for (int trial = 0; trial < 50; trial++) {
      EmaSummary a = randomSummary();
      EmaSummary b = randomSummary();
      EmaSummary c = randomSummary();
      assertClose(a.andThen(b).andThen(c), a.andThen(b.andThen(c)), TIGHT);
    }
  }

  @Test
  void localSummary_appliedToH_equalsRecurrenceFromH() {
    double[][] x = ScanTesting.matrix(random, 70, D, 1, 0);
    double[] hRe = random.doubles(D * N, -1, 1).toArray();
    double[] hIm = random.doubles(D * N, -1, 1).toArray();
    ReferenceEma.Output seq = ReferenceEma.forward(x, hRe, hIm, coefficients);
    double[][] h = local(x).apply(hRe, hIm);
    assertTrue(ScanTesting.maxAbsDiff(seq.hRe(), h[0]) <= TIGHT, "re");
    assertTrue(ScanTesting.maxAbsDiff(seq.hIm(), h[1]) <= TIGHT, "im");
  }

  @Test
  void correctedLocalOutput_equalsRecurrenceOutputFromH() {
    double[][] x = ScanTesting.matrix(random, 50, D, 1, 0.2);
    double[] hRe = random.doubles(D * N, -1, 1).toArray();
    double[] hIm = random.doubles(D * N, -1, 1).toArray();
    double[][] fromH = ReferenceEma.forward(x, hRe, hIm, coefficients).y();
    double[][] fromZero = ReferenceEma.forward(x, new double[D * N], new double[D * N], coefficients).y();
    double[][] corrected = EmaCorrection.corrected(coefficients, fromZero, hRe, hIm);
    assertTrue(ScanTesting.maxAbsDiff(fromH, corrected) <= TIGHT);
  }

  @Test
  void exclusiveScanInAnyTreeOrder_givesEveryRangeItsIncomingState() {
    double[][] x = ScanTesting.matrix(random, 300, D, 1, 0);
    double[] h0Re = random.doubles(D * N, -1, 1).toArray();
    double[] h0Im = random.doubles(D * N, -1, 1).toArray();
    int[] cuts = {0, 7, 64, 65, 200, 300};
    List<EmaSummary> parts = new ArrayList<>();
    for (int r = 0; r + 1 < cuts.length; r++) {
      parts.add(local(Arrays.copyOfRange(x, cuts[r], cuts[r + 1])));
    }
    List<EmaSummary> in = Scan.exclusive(EmaSummary.constant(h0Re, h0Im), parts, EmaSummary::andThen);
    for (int r = 0; r < cuts.length; r++) {
      ReferenceEma.Output seq = ReferenceEma.forward(Arrays.copyOfRange(x, 0, cuts[r]), h0Re, h0Im,
          coefficients);
      double[][] h = in.get(r).state();
      assertTrue(ScanTesting.maxAbsDiff(seq.hRe(), h[0]) <= TIGHT, "range " + r + " re");
      assertTrue(ScanTesting.maxAbsDiff(seq.hIm(), h[1]) <= TIGHT, "range " + r + " im");
    }
    // a balanced tree of the local parts, applied to h0, gives the same final state
    EmaSummary tree = parts.get(0).andThen(parts.get(1)).andThen(
        parts.get(2).andThen(parts.get(3).andThen(parts.get(4))));
    assertClose(in.get(cuts.length - 1), EmaSummary.constant(h0Re, h0Im).andThen(tree), TIGHT);
  }

  @Test
  void bytes_roundTripExactly() {
    EmaSummary a = randomSummary();
    assertEquals(a, EmaSummary.fromBytes(a.toBytes()));
  }

  @Test
  void andThen_ofDifferentSizes_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmaSummary.identity(2).andThen(EmaSummary.identity(3)));
    assertEquals("cannot compose summaries of 2 and 3 components", e.getMessage());
  }

  private EmaSummary local(double[][] x) {
    ReferenceEma.Output z = ReferenceEma.forward(x, new double[D * N], new double[D * N], coefficients);
    return EmaSummary.local(coefficients, z.hRe(), z.hIm(), x.length);
  }

  private static void assertClose(EmaSummary expected, EmaSummary actual, double tol) {
    assertTrue(ScanTesting.maxAbsDiff(expected.aRe(), actual.aRe()) <= tol, "aRe");
    assertTrue(ScanTesting.maxAbsDiff(expected.aIm(), actual.aIm()) <= tol, "aIm");
    assertTrue(ScanTesting.maxAbsDiff(expected.bRe(), actual.bRe()) <= tol, "bRe");
    assertTrue(ScanTesting.maxAbsDiff(expected.bIm(), actual.bIm()) <= tol, "bIm");
  }
}
