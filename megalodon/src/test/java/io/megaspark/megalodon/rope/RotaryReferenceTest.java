package io.megaspark.megalodon.rope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.megalodon.rope.RopeScaling.Default;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The float64 rotation: both pair layouts, norms, relative positions, the attention factor. */
class RotaryReferenceTest {
  private static final int D = 16;
  private final RopeFrequencies freqs = new Default().compute(D, 10_000, 0);

  @Test
  void interleavedAndRotateHalf_agreeUpToThePermutationOfDimensions() {
    Random random = new Random(7);
    // Interleaved dimension 2i <-> rotate-half dimension i; 2i+1 <-> i + D/2 (written out, not via RopeLayout).
    int[] toRotateHalf = new int[D];
    for (int i = 0; i < D / 2; i++) {
      toRotateHalf[2 * i] = i;
      toRotateHalf[2 * i + 1] = i + D / 2;
    }
    RopeFrequencies yarn = RopeScaling.Yarn.of(4, 64).compute(D, 10_000, 0);
    for (int position : new int[] {0, 1, 17, 1000}) {
      double[] x = gaussian(random, D);
      double[] y = new double[D];
      for (int k = 0; k < D; k++) {
        y[toRotateHalf[k]] = x[k];
      }
      for (RopeFrequencies f : new RopeFrequencies[] {freqs, yarn}) {
        double[] a = RotaryReference.apply(x, position, f, RopeLayout.INTERLEAVED);
        double[] b = RotaryReference.apply(y, position, f, RopeLayout.ROTATE_HALF);
        for (int k = 0; k < D; k++) {
          assertEquals(a[k], b[toRotateHalf[k]], 0.0, "dim " + k + " at " + position); // same operations
        }
      }
    }
  }

  @Test
  void positionZero_isIdentity() {
    double[] x = gaussian(new Random(1), D);
    assertArrayEquals(x, RotaryReference.apply(x, 0, freqs, RopeLayout.INTERLEAVED), 0.0);
  }

  @Test
  void rotation_preservesNorm_andAttentionFactorScalesIt() {
    double[] x = gaussian(new Random(2), D);
    double[] r = RotaryReference.apply(x, 123, freqs, RopeLayout.ROTATE_HALF);
    assertEquals(norm(x), norm(r), 1e-12);
    RopeFrequencies scaled = new RopeFrequencies(freqs.invFreq(), 1.25);
    assertEquals(1.25 * norm(x), norm(RotaryReference.apply(x, 123, scaled, RopeLayout.ROTATE_HALF)), 1e-12);
  }

  @Test
  void dotProduct_dependsOnlyOnRelativePosition() {
    Random random = new Random(3);
    double[] q = gaussian(random, D);
    double[] k = gaussian(random, D);
    for (RopeLayout layout : RopeLayout.values()) {
      double near = dot(RotaryReference.apply(q, 10, freqs, layout), RotaryReference.apply(k, 7, freqs, layout));
      double far = dot(RotaryReference.apply(q, 510, freqs, layout), RotaryReference.apply(k, 507, freqs, layout));
      assertEquals(near, far, 1e-10, layout.name()); // MODEL.md §1.4: only positions inside a chunk matter
    }
  }

  @Test
  void firstPair_rotatesLikeAComplexNumber() {
    double[] x = new double[D];
    x[0] = 1; // pair 0 real part, inverse frequency 1: angle = position
    double[] r = RotaryReference.apply(x, 2, freqs, RopeLayout.INTERLEAVED);
    assertEquals(Math.cos(2), r[0], 1e-15);
    assertEquals(Math.sin(2), r[1], 1e-15);
  }

  @Test
  void wrongWidth_isRejectedWithShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RotaryReference.apply(new double[10], 0, freqs, RopeLayout.INTERLEAVED));
    assertEquals("x: expected [16] (2 x 8 pairs), got [10]", e.getMessage());
  }

  private static double[] gaussian(Random random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }
}
