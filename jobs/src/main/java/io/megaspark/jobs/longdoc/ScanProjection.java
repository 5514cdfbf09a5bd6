package io.megaspark.jobs.longdoc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The scan's cost model, fitted to measured runs (docs/benchmarks.md, "One long document"). With E
 * executors of one core, a document of n tokens in P = E ranges and L layers:
 *
 * <pre>
 *   T_scan(E, n)  = (n / E) * (K + IO) + J * (O + b * (E - P0)) + Dfix + L * E * d
 *   T_single(n)   = n * S
 * </pre>
 *
 * where, all measured: K = kernel seconds per token summed over the scan's stages (embedding; per layer
 * the CEMA summary, the memory write if any, and the finish; the head), IO = task seconds per token
 * outside the kernel (reading and writing persisted activations and rows), J = Spark jobs of one scan,
 * O = one scan job's fixed cost in the measured runs (wall time less the tasks' time spread over the
 * executors) with P0 ranges, b = the driver's cost of one more task in a job (fitted, with a fixed part a
 * and an executor-side part c per task, to empty jobs of P tasks on E executors: {@code a + b P + c P / E}),
 * Dfix = the measured driver time of all layers less
 * its per-range part, d = the driver's time per range and layer (timed on 512 ranges), and S = the single
 * task's seconds per token. Per-token costs come from the runs with no more executors than cores.
 *
 * @param kernelByStage K by stage ("ema layer 0", ...); {@code ioByStage} the same for IO
 * @param emptyJob {a, b, c} of the empty-job fit
 * @param measuredRanges P0
 */
public record ScanProjection(double singleSecondsPerToken, double kernelPerToken, double ioPerToken,
    int jobs, double jobOverhead, double[] emptyJob, int measuredRanges,
    double driverFixed, double driverPerRange, int layers, Map<String, Double> kernelByStage,
    Map<String, Double> ioByStage) {

  /** Fits the model to a benchmark's runs. */
  public static ScanProjection fit(LongDocBenchmark.Report report, long tokens, int cores) {
    List<LongDocBenchmark.Run> runs = report.runs();
    double single = median(runs.stream().filter(r -> r.mode() == LongDocMode.SINGLE)
        .mapToDouble(LongDocBenchmark.Run::seconds).toArray()) / tokens;
    List<LongDocBenchmark.Run> scans = runs.stream().filter(r -> r.scan() != null
        && r.executors() <= cores).toList();
    if (scans.isEmpty()) {
      scans = runs.stream().filter(r -> r.scan() != null).toList();
    }
    if (scans.isEmpty()) {
      throw new IllegalArgumentException("no scan run to fit the scan's costs to");
    }
    List<ScanStats.Stage> first = scans.get(0).scan().stages();
    Map<String, Double> kernel = new LinkedHashMap<>();
    Map<String, Double> io = new LinkedHashMap<>();
    List<Double> overheads = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      int at = i;
      String name = first.get(i).name() + (first.get(i).layer() < 0 ? "" : " layer " + first.get(i).layer());
      kernel.put(name, median(scans, r -> perToken(r, at, ScanStats.Stage::kernelSeconds)));
      io.put(name, median(scans, r -> perToken(r, at, ScanStats.Stage::ioSeconds)));
      for (LongDocBenchmark.Run r : scans) {
        ScanStats.Stage s = r.scan().stages().get(at);
        overheads.add(Math.max(0, s.wallSeconds() - s.taskSeconds() / Math.min(r.ranges(), r.executors())));
      }
    }
    int layers = scans.get(0).scan().driverSeconds().length;
    int p0 = scans.get(0).ranges();
    double d = report.driverSecondsPerRange();
    double driver = median(scans, r -> Arrays.stream(r.scan().driverSeconds()).sum());
    return new ScanProjection(single, sum(kernel), sum(io), first.size(),
        median(overheads.stream().mapToDouble(Double::doubleValue).toArray()), fitEmptyJobs(report.emptyJobs()), p0,
        Math.max(0, driver - layers * p0 * d), d, layers, kernel, io);
  }

  /** T_scan(E, n) in seconds. */
  public double scanSeconds(int executors, long tokens) {
    double scheduling = Math.max(0, emptyJob[1] * (executors - measuredRanges));
    return (double) tokens / executors * (kernelPerToken + ioPerToken) + jobs * (jobOverhead + scheduling)
        + driverFixed + (double) layers * executors * driverPerRange;
  }

  /** T_single(n) in seconds. */
  public double singleSeconds(long tokens) {
    return tokens * singleSecondsPerToken;
  }

  /** Least squares of {@code seconds = a + b P + c P / E} over {tasks P, executors E, seconds}: {a, b, c}. */
  static double[] fitEmptyJobs(List<double[]> jobs) {
    double[][] m = new double[3][4];
    for (double[] j : jobs) {
      double[] f = {1, j[0], j[0] / j[1]};
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) {
          m[r][c] += f[r] * f[c];
        }
        m[r][3] += f[r] * j[2];
      }
    }
    for (int p = 0; p < 3; p++) { // Gauss-Jordan on the 3x3 normal equations
      double pivot = m[p][p];
      if (Math.abs(pivot) < 1e-12) {
        return new double[] {0, 0, 0}; // too few distinct (P, E) points: no scheduling term
      }
      for (int c = 0; c < 4; c++) {
        m[p][c] /= pivot;
      }
      for (int r = 0; r < 3; r++) {
        double f = m[r][p];
        for (int c = 0; r != p && c < 4; c++) {
          m[r][c] -= f * m[p][c];
        }
      }
    }
    return new double[] {m[0][3], m[1][3], m[2][3]};
  }

  private static double sum(Map<String, Double> m) {
    return m.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static double perToken(LongDocBenchmark.Run r, int stage, ToDoubleFunction<ScanStats.Stage> f) {
    ScanStats.Stage s = r.scan().stages().get(stage);
    return s.tokens() == 0 ? 0 : f.applyAsDouble(s) / s.tokens();
  }

  private static double median(List<LongDocBenchmark.Run> runs, ToDoubleFunction<LongDocBenchmark.Run> f) {
    return median(runs.stream().mapToDouble(f).toArray());
  }

  /** The median, NaN for no values. */
  public static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
