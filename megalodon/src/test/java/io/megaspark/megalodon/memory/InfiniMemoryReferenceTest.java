package io.megaspark.megalodon.memory;

import static io.megaspark.megalodon.memory.InfiniMemoryReference.sigma;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The properties of MODEL.md §4 and §5 (Infini-attention row) for the float64 reference. */
class InfiniMemoryReferenceTest {
  private static final int DZ = 4;
  private static final int DV = 3;
  private static final int SEGMENT = 8;
  private static final int T = 5 * SEGMENT;

  /** Q, K, V and A_dot for T tokens, from a fixed seed. */
  private record Inputs(double[][] q, double[][] k, double[][] v, double[][] localAttention) {
    static Inputs random(long seed) {
      Random random = new Random(seed);
      double[][] q = gaussian(random, T, DZ);
      double[][] k = gaussian(random, T, DZ);
      double[][] v = gaussian(random, T, DV);
      return new Inputs(q, k, v, InfiniMemoryReference.chunkedCausalAttention(q, k, v, 0.5, SEGMENT));
    }

    Inputs slice(int start, int end) {
      return new Inputs(rows(q, start, end), rows(k, start, end), rows(v, start, end),
          rows(localAttention, start, end));
    }
  }

  @Test
  void sigma_isEluPlusOne() {
    assertEquals(3.0, sigma(2.0), 0.0);
    assertEquals(1.0, sigma(0.0), 0.0);
    assertEquals(Math.exp(-1.5), sigma(-1.5), 0.0);
  }

  @Test
  void oneStoredBinding_isReadBackExactly_byHand() {
    // Dz = Dv = 1: store k = 0 (sigma 1), v = 2; then M = 2, z = 1 and any query reads 2 * s / s = 2.
    InfiniMemoryState m = InfiniMemoryReference.update(InfiniMemoryState.empty(1, 1), new double[][] {{0}},
        new double[][] {{2}}, UpdateRule.LINEAR);
    assertEquals(2.0, m.m(0, 0), 0.0);
    assertEquals(1.0, m.z(0), 0.0);
    assertEquals(2.0, InfiniMemoryReference.retrieve(m, new double[][] {{1.0}})[0][0], 1e-15);
  }

  @Test
  void splitIntoAnySegments_equalsOneSequentialPass() {
    Inputs in = Inputs.random(11);
    for (UpdateRule rule : UpdateRule.values()) {
      InfiniMemoryOutput whole = InfiniMemoryReference.sequence(InfiniMemoryState.empty(DZ, DV), in.q(), in.k(),
          in.v(), in.localAttention(), 0.3, rule, SEGMENT);
      // Calls covering 1, 3 and 1 segments, the memory passed between calls through its binary form.
      int[] cuts = {0, SEGMENT, 4 * SEGMENT, T};
      InfiniMemoryState carried = InfiniMemoryState.empty(DZ, DV);
      for (int c = 0; c + 1 < cuts.length; c++) {
        Inputs part = in.slice(cuts[c], cuts[c + 1]);
        InfiniMemoryOutput o = InfiniMemoryReference.sequence(carried, part.q(), part.k(), part.v(),
            part.localAttention(), 0.3, rule, SEGMENT);
        for (int t = cuts[c]; t < cuts[c + 1]; t++) {
          // Same operations in the same order: bit-for-bit.
          assertArrayEquals(whole.output()[t], o.output()[t - cuts[c]], 0.0, rule + " token " + t);
        }
        carried = InfiniMemoryState.fromBytes(o.next().toBytes(), "test");
      }
      assertEquals(whole.next(), carried, rule.toString());
    }
  }

  @Test
  void linearUpdate_equalsPrefixSum() {
    Inputs in = Inputs.random(12);
    InfiniMemoryState memory = InfiniMemoryState.empty(DZ, DV);
    for (int end = SEGMENT; end <= T; end += SEGMENT) {
      Inputs seg = in.slice(end - SEGMENT, end);
      memory = InfiniMemoryReference.update(memory, seg.k(), seg.v(), UpdateRule.LINEAR);
      // M after the segment ending at `end` = sum over t < end of sigma(k_t)^T v_t; z = sum of sigma(k_t).
      for (int i = 0; i < DZ; i++) {
        double z = 0;
        for (int t = 0; t < end; t++) {
          z += sigma(in.k()[t][i]);
        }
        assertEquals(z, memory.z(i), 1e-12 * z, "z[" + i + "] after " + end);
        for (int j = 0; j < DV; j++) {
          double m = 0;
          for (int t = 0; t < end; t++) {
            m += sigma(in.k()[t][i]) * in.v()[t][j];
          }
          assertEquals(m, memory.m(i, j), 1e-12 * Math.max(1, Math.abs(m)), "M[" + i + "][" + j + "] after " + end);
        }
      }
    }
  }

  @Test
  void linearUpdate_isAssociative_anyTokenSplitGivesSameMemory() {
    Inputs in = Inputs.random(13);
    InfiniMemoryState once = InfiniMemoryReference.update(InfiniMemoryState.empty(DZ, DV), in.k(), in.v(),
        UpdateRule.LINEAR);
    InfiniMemoryState split = InfiniMemoryState.empty(DZ, DV);
    int[] cuts = {0, 3, 17, 18, T}; // not on segment boundaries
    for (int c = 0; c + 1 < cuts.length; c++) {
      Inputs part = in.slice(cuts[c], cuts[c + 1]);
      split = InfiniMemoryReference.update(split, part.k(), part.v(), UpdateRule.LINEAR);
    }
    assertArrayEquals(once.m(), split.m(), 1e-12); // summation order differs
    assertArrayEquals(once.z(), split.z(), 1e-12);
  }

  @Test
  void deltaUpdate_storedBinding_leavesMemoryUnchanged() {
    Random random = new Random(14);
    double[] k0 = gaussian(random, 1, DZ)[0];
    double[] v0 = gaussian(random, 1, DV)[0];
    InfiniMemoryState stored = InfiniMemoryReference.update(InfiniMemoryState.empty(DZ, DV), new double[][] {k0},
        new double[][] {v0}, UpdateRule.DELTA);
    // With one binding, sigma(K)M/(sigma(K)z) = v0 for every key, so V rows of v0 are already stored.
    double[][] keys = gaussian(random, SEGMENT, DZ);
    double[][] values = new double[SEGMENT][];
    for (int t = 0; t < SEGMENT; t++) {
      values[t] = v0.clone();
    }
    assertArrayEquals(values[0], InfiniMemoryReference.retrieve(stored, keys)[3], 1e-12);
    InfiniMemoryState after = InfiniMemoryReference.update(stored, keys, values, UpdateRule.DELTA);
    assertArrayEquals(stored.m(), after.m(), 1e-12);
    assertNotEquals(stored.z()[0], after.z()[0]); // z still counts the keys
  }

  @Test
  void deltaUpdate_valuesEqualToTheRead_leaveAnyMemoryUnchanged() {
    Inputs in = Inputs.random(15);
    InfiniMemoryState memory = InfiniMemoryReference.update(InfiniMemoryState.empty(DZ, DV), in.k(), in.v(),
        UpdateRule.LINEAR);
    double[][] keys = gaussian(new Random(16), SEGMENT, DZ);
    double[][] values = InfiniMemoryReference.retrieve(memory, keys);
    InfiniMemoryState after = InfiniMemoryReference.update(memory, keys, values, UpdateRule.DELTA);
    assertArrayEquals(memory.m(), after.m(), 1e-12);
  }

  @Test
  void deltaUpdate_firstSegment_equalsLinear() {
    Inputs seg = Inputs.random(17).slice(0, SEGMENT);
    InfiniMemoryState empty = InfiniMemoryState.empty(DZ, DV);
    assertEquals(InfiniMemoryReference.update(empty, seg.k(), seg.v(), UpdateRule.LINEAR),
        InfiniMemoryReference.update(empty, seg.k(), seg.v(), UpdateRule.DELTA)); // subtracting an exact 0
  }

  @Test
  void gateMinusInfinity_givesPureChunkAttention() {
    Inputs in = Inputs.random(18);
    InfiniMemoryOutput o = InfiniMemoryReference.sequence(InfiniMemoryState.empty(DZ, DV), in.q(), in.k(), in.v(),
        in.localAttention(), Double.NEGATIVE_INFINITY, UpdateRule.LINEAR, SEGMENT);
    for (int t = 0; t < T; t++) {
      assertArrayEquals(in.localAttention()[t], o.output()[t], 0.0, "token " + t); // sigmoid(-inf) = 0 exactly
    }
  }

  @Test
  void gatePlusInfinity_givesPureMemoryRead() {
    Inputs in = Inputs.random(19);
    InfiniMemoryOutput o = InfiniMemoryReference.sequence(InfiniMemoryState.empty(DZ, DV), in.q(), in.k(), in.v(),
        in.localAttention(), Double.POSITIVE_INFINITY, UpdateRule.DELTA, SEGMENT);
    for (int t = 0; t < T; t++) {
      assertArrayEquals(o.memoryRead()[t], o.output()[t], 0.0, "token " + t);
    }
  }

  @Test
  void firstSegment_readsZero_andOutputsScaledChunkAttention() {
    Inputs seg = Inputs.random(20).slice(0, SEGMENT);
    double beta = 0.7;
    InfiniMemoryOutput o = InfiniMemoryReference.segment(InfiniMemoryState.empty(DZ, DV), seg.q(), seg.k(),
        seg.v(), seg.localAttention(), beta, UpdateRule.LINEAR);
    double keep = 1 - 1 / (1 + Math.exp(-beta));
    for (int t = 0; t < SEGMENT; t++) {
      assertArrayEquals(new double[DV], o.memoryRead()[t], 0.0);
      for (int j = 0; j < DV; j++) {
        assertEquals(keep * seg.localAttention()[t][j], o.output()[t][j], 1e-15);
      }
    }
  }

  @Test
  void read_usesTheMemoryBeforeTheSegment() {
    Inputs in = Inputs.random(21);
    Inputs first = in.slice(0, SEGMENT);
    Inputs second = in.slice(SEGMENT, 2 * SEGMENT);
    InfiniMemoryState afterFirst = InfiniMemoryReference.update(InfiniMemoryState.empty(DZ, DV), first.k(),
        first.v(), UpdateRule.LINEAR);
    InfiniMemoryOutput o = InfiniMemoryReference.segment(afterFirst, second.q(), second.k(), second.v(),
        second.localAttention(), 0.0, UpdateRule.LINEAR);
    assertArrayEquals(InfiniMemoryReference.retrieve(afterFirst, second.q())[5], o.memoryRead()[5], 0.0);
    assertNotEquals(InfiniMemoryReference.retrieve(o.next(), second.q())[5][0], o.memoryRead()[5][0]);
  }

  @Test
  void causalAttention_firstTokenSeesOnlyItself() {
    Inputs in = Inputs.random(22);
    assertArrayEquals(in.v()[0], in.localAttention()[0], 1e-15);
    assertArrayEquals(in.v()[SEGMENT], in.localAttention()[SEGMENT], 1e-15); // restarts in every segment
  }

  @Test
  void mismatchedShapes_areRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InfiniMemoryReference.retrieve(InfiniMemoryState.empty(DZ, DV), new double[2][DZ + 1]));
    assertEquals("q: expected [C=2][4], got row 0 of width 5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> InfiniMemoryReference.update(
        InfiniMemoryState.empty(DZ, DV), new double[2][DZ], new double[3][DV], UpdateRule.LINEAR));
    assertEquals("k has 2 rows but v has 3: both must have one row per token of the segment", e.getMessage());
  }

  private static double[][] gaussian(Random random, int rows, int cols) {
    double[][] x = new double[rows][cols];
    for (double[] row : x) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return x;
  }

  private static double[][] rows(double[][] x, int start, int end) {
    double[][] out = new double[end - start][];
    System.arraycopy(x, start, out, 0, end - start);
    return out;
  }
}
