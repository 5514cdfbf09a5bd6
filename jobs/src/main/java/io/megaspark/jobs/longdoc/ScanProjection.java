package io.megaspark.jobs.longdoc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The scan's cost model, fitted to measured runs (docs/benchmarks.md, "One long document"). With E
 * executors of one core, a document of n tokens in P = E ranges:
 *
 * <pre>
 *   T_scan(E, n)  = (n / E) * (K + IO) + J * O + E * D
 *   T_single(n)   = n * S
 * </pre>
 *
 * where, measured: K = kernel seconds per token summed over the scan's stages (embedding, per layer
 * the CEMA summary, the memory write if any, the finish, then the head), IO = task seconds per token
 * outside the kernel (reading and writing the persisted activations and rows), J = Spark jobs of one
 * scan, O = one job's fixed cost (its wall time less its tasks' time spread over the executors), D =
 * driver seconds per range for all layers (the exclusive scans and the broadcast summary tables), and S
 * = the single task's seconds per token. Costs come from runs with no more executors than cores.
 *
 * @param singleSecondsPerToken S
 * @param kernelPerToken K, and by stage name ("ema layer 0", ...) in {@code kernelByStage}
 * @param ioPerToken IO, by stage in {@code ioByStage}
 * @param jobs J
 * @param jobOverhead O
 * @param driverPerRange D, by layer in {@code driverByLayer}
 */
public record ScanProjection(double singleSecondsPerToken, double kernelPerToken, double ioPerToken,
    int jobs, double jobOverhead, double driverPerRange, Map<String, Double> kernelByStage,
    Map<String, Double> ioByStage, double[] driverByLayer) {

  /** Fits the model to the runs of single (S) and scan (the rest) with at most {@code cores} executors. */
  public static ScanProjection fit(List<LongDocBenchmark.Run> runs, long tokens, int cores) {
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
    double[] driver = new double[layers];
    for (int l = 0; l < layers; l++) {
      int at = l;
      driver[l] = median(scans, r -> r.scan().driverSeconds()[at] / r.ranges());
    }
    return new ScanProjection(single, kernel.values().stream().mapToDouble(Double::doubleValue).sum(),
        io.values().stream().mapToDouble(Double::doubleValue).sum(), first.size(),
        median(overheads.stream().mapToDouble(Double::doubleValue).toArray()),
        Arrays.stream(driver).sum(), kernel, io, driver);
  }

  /** T_scan(E, n) in seconds. */
  public double scanSeconds(int executors, long tokens) {
    return (double) tokens / executors * (kernelPerToken + ioPerToken) + jobs * jobOverhead
        + executors * driverPerRange;
  }

  /** T_single(n) in seconds. */
  public double singleSeconds(long tokens) {
    return tokens * singleSecondsPerToken;
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
