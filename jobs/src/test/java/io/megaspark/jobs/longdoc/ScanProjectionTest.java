package io.megaspark.jobs.longdoc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scan's cost model: what it fits from measured runs and what it projects. */
class ScanProjectionTest {
  private static final long N = 1_000_000;

  @Test
  void fitEmptyJobs_recoversALinearCost() {
    List<double[]> jobs = new ArrayList<>();
    for (int e : new int[] {1, 2, 4}) {
      for (int p : new int[] {4, 64, 512}) {
        jobs.add(new double[] {p, e, 0.5 + 0.002 * p + 0.01 * p / e});
      }
    }
    assertArrayEquals(new double[] {0.5, 0.002, 0.01}, ScanProjection.fitEmptyJobs(jobs), 1e-9); // exact data
  }

  @Test
  void projection_isTheStatedFormulaOfTheMeasuredCosts() {
    // one scan on 2 executors, 4 ranges, 2 layers; stage: wall, task seconds, kernel seconds, tokens
    List<ScanStats.Stage> stages = List.of(
        new ScanStats.Stage("embed", -1, 3, 4, 2, N),
        new ScanStats.Stage("ema", 0, 4, 6, 5, N),
        new ScanStats.Stage("finish", 0, 9, 14, 12, N),
        new ScanStats.Stage("ema", 1, 4, 6, 5, N),
        new ScanStats.Stage("finish", 1, 9, 14, 12, N),
        new ScanStats.Stage("scores", -1, 3, 4, 3, N));
    LongDocBenchmark.Run scan = new LongDocBenchmark.Run(2, LongDocMode.SCAN, 0, 4, 40, 1.0,
        new ScanStats(stages, new double[] {0.2, 0.2}, 0));
    LongDocBenchmark.Run single = new LongDocBenchmark.Run(2, LongDocMode.SINGLE, 0, 1, 50, 1.0, null);
    List<double[]> empty = List.of(new double[] {4, 1, 1.0}, new double[] {64, 1, 1.6},
        new double[] {512, 2, 6.08});
    ScanProjection p = ScanProjection.fit(new LongDocBenchmark.Report(List.of(single, scan), empty, 0.001),
        N, 2);
    assertEquals(50e-6, p.singleSecondsPerToken(), 1e-15);
    assertEquals(39e-6, p.kernelPerToken(), 1e-15); // 2 + 5 + 12 + 5 + 12 + 3 seconds over N tokens
    assertEquals(9e-6, p.ioPerToken(), 1e-15); // task - kernel: 2 + 1 + 2 + 1 + 2 + 1
    assertEquals(6, p.jobs());
    assertEquals(1.0, p.jobOverhead(), 1e-12); // median of wall - task / min(P, E): 1, 1, 2, 1, 2, 1
    assertEquals(0.4 - 2 * 4 * 0.001, p.driverFixed(), 1e-12);
    double b = p.emptyJob()[1];
    assertEquals(N / 64.0 * 48e-6 + 6 * (1.0 + b * 60) + p.driverFixed() + 2 * 64 * 0.001,
        p.scanSeconds(64, N), 1e-9);
    assertEquals(N * 50e-6, p.singleSeconds(N), 1e-9);
  }
}
