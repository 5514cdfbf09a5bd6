package io.megaspark.megalodon.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ShiftedSparseAttentionReferenceTest {
  private static double[][][] random(int h, int n, int d, Random r) {
    double[][][] x = new double[h][n][d];
    for (double[][] a : x) {
      for (double[] b : a) {
        for (int i = 0; i < d; i++) {
          b[i] = r.nextGaussian();
        }
      }
    }
    return x;
  }

  @Test
  void oneGroup_equalsCausalAttentionOnEveryHead() {
    Random r = new Random(1);
    double[][][] q = random(4, 16, 8, r);
    double[][][] k = random(4, 16, 8, r);
    double[][][] v = random(4, 16, 6, r);
    for (ShiftMode mode : ShiftMode.values()) {
      double[][][] s2 = ShiftedSparseAttentionReference.attention(q, k, v, new S2Config(16, mode), 0.35);
      for (int h = 0; h < 4; h++) {
        double[][] causal = ShiftedSparseAttentionReference.causal(q[h], k[h], v[h], 0.35);
        for (int t = 0; t < 16; t++) {
          assertArrayEquals(causal[t], s2[h][t], 1e-12, "head " + h + " token " + t); // float64, same sums
        }
      }
    }
  }

  @Test
  void shiftThenUnshift_isTheIdentity() {
    double[][] x = random(1, 12, 3, new Random(2))[0];
    double[][] back = ShiftedSparseAttentionReference.roll(ShiftedSparseAttentionReference.roll(x, -3), 3);
    for (int t = 0; t < 12; t++) {
      assertArrayEquals(x[t], back[t], 0.0);
    }
  }

  @Test
  void roll_movesTokenTToTMinusHalfGroupWrappingTheFirstToTheEnd() {
    double[][] x = {{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}};
    double[][] rolled = ShiftedSparseAttentionReference.roll(x, -2);
    assertEquals(2.0, rolled[0][0]);
    assertEquals(0.0, rolled[6][0]);
    assertEquals(1.0, rolled[7][0]);
  }

  @Test
  void receptiveField_rollMode_lastGroupWrapsSoFirstTokensSeeTheLastOnes() {
    // N = 8, G = 4, H = 2: head 0 plain groups {0..3},{4..7}; head 1 rolled by -2: groups {2..5} and
    // {6, 7, 0, 1} in that causal order, so tokens 0 and 1 see the future tokens 6 and 7.
    boolean[][][] m = ShiftedSparseAttentionReference.receptiveField(2, 8, new S2Config(4, ShiftMode.ROLL));
    assertTrue(m[0][3][0]);
    assertFalse(m[0][4][3]);
    assertSeen(m[1][0], 0, 6, 7);
    assertSeen(m[1][1], 0, 1, 6, 7);
    assertSeen(m[1][2], 2);
    assertSeen(m[1][5], 2, 3, 4, 5);
    assertSeen(m[1][6], 6);
    assertSeen(m[1][7], 6, 7);
  }

  @Test
  void receptiveField_segmentMode_isCausalWithOffsetGroups() {
    boolean[][][] m = ShiftedSparseAttentionReference.receptiveField(2, 8, new S2Config(4, ShiftMode.SEGMENTS));
    assertSeen(m[1][0], 0);
    assertSeen(m[1][1], 0, 1);
    assertSeen(m[1][2], 2);
    assertSeen(m[1][5], 2, 3, 4, 5);
    assertSeen(m[1][6], 6);
    assertSeen(m[1][7], 6, 7);
    for (int t = 0; t < 8; t++) {
      for (int s = t + 1; s < 8; s++) {
        assertFalse(m[1][t][s], "no future key: " + t + " -> " + s);
      }
    }
  }

  @Test
  void attention_equalsMaskedAttentionWithTheReceptiveField() {
    Random r = new Random(3);
    double[][][] q = random(4, 32, 8, r);
    double[][][] k = random(4, 32, 8, r);
    double[][][] v = random(4, 32, 5, r);
    for (ShiftMode mode : ShiftMode.values()) {
      S2Config cfg = new S2Config(8, mode);
      double[][][] s2 = ShiftedSparseAttentionReference.attention(q, k, v, cfg, 1.0);
      boolean[][][] mask = ShiftedSparseAttentionReference.receptiveField(4, 32, cfg);
      for (int h = 0; h < 4; h++) {
        double[][] want = ShiftedSparseAttentionReference.masked(q[h], k[h], v[h], mask[h], 1.0);
        for (int t = 0; t < 32; t++) {
          // The roll path sums keys in rolled order: float64 reassociation only.
          assertArrayEquals(want[t], s2[h][t], 1e-12, mode + " head " + h + " token " + t);
        }
      }
    }
  }

  @Test
  void config_rejectsGroupNotDividingTheLength() {
    var e = assertThrows(IllegalArgumentException.class, () -> new S2Config(6, ShiftMode.ROLL).checkLength(16));
    assertEquals("s2 group_size must divide the sequence length: group_size=6, length=16", e.getMessage());
  }

  private static void assertSeen(boolean[] row, int... keys) {
    boolean[] want = new boolean[row.length];
    for (int s : keys) {
      want[s] = true;
    }
    assertArrayEquals(want, row);
  }
}
