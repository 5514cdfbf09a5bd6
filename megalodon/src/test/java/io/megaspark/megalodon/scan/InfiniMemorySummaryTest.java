package io.megaspark.megalodon.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.memory.InfiniMemoryOutput;
import io.megaspark.megalodon.memory.InfiniMemoryReference;
import io.megaspark.megalodon.memory.InfiniMemoryState;
import io.megaspark.megalodon.memory.UpdateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Linear Infini memory scans over ranges like CEMA and TimestepNorm; the delta rule does not (MODEL.md 1.10). */
class InfiniMemorySummaryTest {
  private static final double TIGHT = 1e-10; // float64 sums in another order
  private static final int DZ = 4;
  private static final int DV = 3;
  private static final int SEGMENT = 8;

  private final SplittableRandom random = new SplittableRandom(41);
  private final double[][] q = ScanTesting.matrix(random, 200, DZ, 1, 0);
  private final double[][] k = ScanTesting.matrix(random, 200, DZ, 1, 0);
  private final double[][] v = ScanTesting.matrix(random, 200, DV, 1, 0);
  private final double[][] local = ScanTesting.matrix(random, 200, DV, 1, 0);
  private final int[] cuts = {0, 24, 96, 104, 200}; // range starts on segment boundaries

  @Test
  void linearScan_givesEveryRangeItsIncomingMemoryAndTheSequentialOutputs() {
    InfiniMemoryState start = InfiniMemoryReference.update(InfiniMemoryState.empty(DZ, DV),
        ScanTesting.matrix(random, 5, DZ, 1, 0), ScanTesting.matrix(random, 5, DV, 1, 0),
        UpdateRule.LINEAR);
    InfiniMemoryOutput sequential = InfiniMemoryReference.sequence(start, q, k, v, local, 0.3,
        UpdateRule.LINEAR, SEGMENT);
    List<InfiniMemoryState> parts = new ArrayList<>();
    for (int r = 0; r + 1 < cuts.length; r++) {
      parts.add(InfiniMemorySummary.local(rows(k, r), rows(v, r), DZ, DV, UpdateRule.LINEAR));
    }
    List<InfiniMemoryState> in = Scan.exclusive(start, parts, InfiniMemorySummary::combine);
    for (int r = 0; r + 1 < cuts.length; r++) {
      InfiniMemoryOutput range = InfiniMemoryReference.sequence(in.get(r), rows(q, r), rows(k, r),
          rows(v, r), rows(local, r), 0.3, UpdateRule.LINEAR, SEGMENT);
      double d = ScanTesting.maxAbsDiff(Arrays.copyOfRange(sequential.output(), cuts[r], cuts[r + 1]),
          range.output());
      assertTrue(d <= TIGHT, "range " + r + ": outputs differ by " + d);
    }
    assertClose(sequential.next(), in.get(in.size() - 1));
  }

  @Test
  void linearCombine_isAssociativeWithTheEmptyMemoryAsIdentity() {
    InfiniMemoryState a = InfiniMemorySummary.local(rows(k, 0), rows(v, 0), DZ, DV, UpdateRule.LINEAR);
    InfiniMemoryState b = InfiniMemorySummary.local(rows(k, 1), rows(v, 1), DZ, DV, UpdateRule.LINEAR);
    InfiniMemoryState c = InfiniMemorySummary.local(rows(k, 2), rows(v, 2), DZ, DV, UpdateRule.LINEAR);
    assertClose(InfiniMemorySummary.combine(InfiniMemorySummary.combine(a, b), c),
        InfiniMemorySummary.combine(a, InfiniMemorySummary.combine(b, c)));
    InfiniMemoryState empty = InfiniMemoryState.empty(DZ, DV);
    assertEquals(a, InfiniMemorySummary.combine(empty, a)); // exact: adding zeros
    assertEquals(a, InfiniMemorySummary.combine(a, empty));
  }

  @Test
  void deltaRule_localWritesDoNotAddUpToTheSequentialMemory() {
    InfiniMemoryState sequential = InfiniMemoryReference.sequence(InfiniMemoryState.empty(DZ, DV), q, k,
        v, local, 0.3, UpdateRule.DELTA, SEGMENT).next();
    InfiniMemoryState summed = InfiniMemoryState.empty(DZ, DV);
    for (int r = 0; r + 1 < cuts.length; r++) {
      InfiniMemoryState write = InfiniMemoryReference.sequence(InfiniMemoryState.empty(DZ, DV),
          rows(q, r), rows(k, r), rows(v, r), rows(local, r), 0.3, UpdateRule.DELTA, SEGMENT).next();
      summed = InfiniMemorySummary.combine(summed, write);
    }
    double d = ScanTesting.maxAbsDiff(sequential.m(), summed.m());
    assertTrue(d > 1e-3, "delta writes composed like sums (difference " + d + "): the test lost its point");
    assertEquals(sequential.z()[0], summed.z()[0], TIGHT); // z alone is still a plain sum
  }

  @Test
  void deltaRule_hasNoSummaryAndSaysToRelay() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InfiniMemorySummary.local(rows(k, 0), rows(v, 0), DZ, DV, UpdateRule.DELTA));
    assertEquals("Infini memory with the delta rule has no associative summary (each write reads the"
        + " memory before it): run the document as an ordered relay", e.getMessage());
  }

  private double[][] rows(double[][] x, int range) {
    return Arrays.copyOfRange(x, cuts[range], cuts[range + 1]);
  }

  private static void assertClose(InfiniMemoryState e, InfiniMemoryState a) {
    assertTrue(ScanTesting.maxAbsDiff(e.m(), a.m()) <= TIGHT, "M");
    assertTrue(ScanTesting.maxAbsDiff(e.z(), a.z()) <= TIGHT, "z");
  }
}
