package io.megaspark.megalodon.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.reference.ReferenceTimestepNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The TimestepNorm summary is a monoid whose scan reproduces the sequential statistics (MODEL.md 1.3). */
class TimestepNormSummaryTest {
  private static final double TIGHT = 1e-12; // float64 rounding of a few merges, relative
  private static final int GROUPS = 4;
  private static final int DIM = 16;

  private final SplittableRandom random = new SplittableRandom(17);

  private TimestepNormSummary randomSummary() {
    double[][] x = ScanTesting.matrix(random, random.nextInt(1, 40), DIM, random.nextDouble(0.1, 5),
        random.nextDouble(-3, 3));
    return TimestepNormSummary.local(x, GROUPS);
  }

  @Test
  void identity_isNeutralOnBothSides() {
    TimestepNormSummary a = randomSummary();
    TimestepNormSummary e = TimestepNormSummary.identity(GROUPS);
    assertEquals(a, e.combine(a)); // exact: the identity short-circuits
    assertEquals(a, a.combine(e));
    assertEquals(e, e.combine(e));
  }

  @Test
  void combine_isAssociative() {
    for (int trial = 0; trial < 50; trial++) {
      TimestepNormSummary a = randomSummary();
      TimestepNormSummary b = randomSummary();
      TimestepNormSummary c = randomSummary();
      assertClose(a.combine(b).combine(c), a.combine(b.combine(c)), TIGHT);
    }
  }

  @Test
  void local_equalsReferenceStatisticsFromNothing() {
    double[][] x = ScanTesting.matrix(random, 37, DIM, 2, 1);
    ReferenceTimestepNorm.State ref = ReferenceTimestepNorm.forward(x, null,
        ReferenceTimestepNorm.State.initial(GROUPS), null, null, GROUPS, 1e-5).state();
    assertClose(TimestepNormSummary.of(ref), TimestepNormSummary.local(x, GROUPS), 0); // same steps
  }

  @Test
  void anySplitInAnyTreeOrder_equalsSequentialStatistics() {
    double[][] x = ScanTesting.matrix(random, 400, DIM, 3, -2);
    ReferenceTimestepNorm.State prefix = new ReferenceTimestepNorm.State(1_000_000,
        new double[] {0.5, -1, 2, 0}, new double[] {1, 2, 0.5, 3});
    ReferenceTimestepNorm.State sequential = ReferenceTimestepNorm.forward(x, null, prefix, null, null,
        GROUPS, 1e-5).state();
    for (int trial = 0; trial < 20; trial++) {
      List<TimestepNormSummary> parts = new ArrayList<>();
      parts.add(TimestepNormSummary.of(prefix));
      int from = 0;
      while (from < x.length) {
        int to = Math.min(x.length, from + random.nextInt(1, 120));
        parts.add(TimestepNormSummary.local(Arrays.copyOfRange(x, from, to), GROUPS));
        from = to;
      }
      assertClose(TimestepNormSummary.of(sequential), randomTree(parts), TIGHT);
    }
  }

  @Test
  void exclusiveScan_givesEveryRangeItsIncomingStatistics() {
    double[][] x = ScanTesting.matrix(random, 90, DIM, 1.5, 0.3);
    int[] cuts = {0, 16, 48, 64, 90};
    List<TimestepNormSummary> parts = new ArrayList<>();
    for (int r = 0; r + 1 < cuts.length; r++) {
      parts.add(TimestepNormSummary.local(Arrays.copyOfRange(x, cuts[r], cuts[r + 1]), GROUPS));
    }
    List<TimestepNormSummary> in = Scan.exclusive(TimestepNormSummary.identity(GROUPS), parts,
        TimestepNormSummary::combine);
    assertEquals(cuts.length, in.size());
    for (int r = 0; r < cuts.length; r++) {
      ReferenceTimestepNorm.State before = ReferenceTimestepNorm.forward(
          Arrays.copyOfRange(x, 0, cuts[r]), null, ReferenceTimestepNorm.State.initial(GROUPS), null,
          null, GROUPS, 1e-5).state();
      assertClose(TimestepNormSummary.of(before), in.get(r), TIGHT);
    }
  }

  @Test
  void bytes_roundTripExactly() {
    TimestepNormSummary a = randomSummary();
    assertEquals(a, TimestepNormSummary.fromBytes(a.toBytes()));
  }

  @Test
  void fromBytes_ofAnEmaSummary_namesTheMagic() {
    byte[] wrong = EmaSummary.identity(3).toBytes();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimestepNormSummary.fromBytes(wrong));
    assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
  }

  @Test
  void fromBytes_truncated_saysHowManyBytesAreMissing() {
    byte[] b = randomSummary().toBytes();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimestepNormSummary.fromBytes(Arrays.copyOf(b, b.length - 1)));
    assertTrue(e.getMessage().contains("groups = 4 needs 72 more bytes, got 71"), e.getMessage());
  }

  @Test
  void combine_ofDifferentGroupCounts_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimestepNormSummary.identity(2).combine(TimestepNormSummary.identity(3)));
    assertEquals("cannot combine summaries of 2 and 3 groups", e.getMessage());
  }

  @Test
  void combineWithEmpty_returnsTheSameInstance() {
    TimestepNormSummary a = randomSummary();
    assertSame(a, a.combine(TimestepNormSummary.identity(GROUPS)));
  }

  /** Combines neighbours at random positions until one summary is left (keeps document order). */
  private TimestepNormSummary randomTree(List<TimestepNormSummary> parts) {
    List<TimestepNormSummary> work = new ArrayList<>(parts);
    while (work.size() > 1) {
      int i = random.nextInt(work.size() - 1);
      work.set(i, work.get(i).combine(work.remove(i + 1)));
    }
    return work.get(0);
  }

  private static void assertClose(TimestepNormSummary expected, TimestepNormSummary actual,
      double relative) {
    assertEquals(expected.count(), actual.count(), "count");
    for (int g = 0; g < expected.groups(); g++) {
      double m = expected.mean()[g];
      double v = expected.var()[g];
      assertEquals(m, actual.mean()[g], relative * Math.max(1, Math.abs(m)), "mean[" + g + "]");
      assertEquals(v, actual.var()[g], relative * Math.max(1, Math.abs(v)), "var[" + g + "]");
    }
  }
}
