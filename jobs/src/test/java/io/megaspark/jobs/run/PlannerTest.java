package io.megaspark.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.input.DocumentCount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  static List<DocumentCount> docs(long seed, int n) {
    Random r = new Random(seed);
    List<DocumentCount> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new DocumentCount(i * 3L, "d" + i, "p", 0, r.nextInt(10000), 0, null));
    }
    return out;
  }

  @Test
  void plan_balancesTokensWithinTheLargestDocument() {
    List<DocumentCount> d = docs(1, 200);
    Plan p = Planner.plan(d, 7, 4, 16);
    long[] load = new long[7];
    long max = 0;
    for (DocumentCount c : d) {
      long key = p.key(c.ordinal());
      load[(int) (key >>> 32)] += c.tokens() + 1;
      max = Math.max(max, c.tokens() + 1);
    }
    long lo = Long.MAX_VALUE;
    long hi = 0;
    for (long l : load) {
      lo = Math.min(lo, l);
      hi = Math.max(hi, l);
    }
    assertTrue(hi - lo <= max, "loads " + java.util.Arrays.toString(load)); // any greedy list schedule
  }

  @Test
  void plan_ranksAreUniquePerPartitionAndLongestFirst() {
    List<DocumentCount> d = docs(2, 50);
    Plan p = Planner.plan(d, 3, 4, 16);
    Set<Long> keys = new HashSet<>();
    for (DocumentCount c : d) {
      assertTrue(keys.add(p.key(c.ordinal())));
    }
    assertEquals(-1, p.key(1)); // not a planned ordinal
  }

  @Test
  void plan_fewerDocumentsThanPartitions_usesOnePartitionPerDocument() {
    assertEquals(2, Planner.plan(docs(3, 2), 8, 4, 16).partitions());
    assertEquals(1, Planner.plan(List.of(), 8, 4, 16).partitions());
  }
}
