package io.megaspark.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.megaspark.jobs.longdoc.LongDocBenchmark;
import io.megaspark.jobs.longdoc.LongDocMode;
import io.megaspark.jobs.longdoc.LongDocOptions;
import io.megaspark.jobs.longdoc.ScanProjection;
import io.megaspark.jobs.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One long document on {@code local-cluster} with 1, 2 and 4 executors: wall time of single task, relay
 * and scan, the scan's speedup, its measured per-layer costs and a projection to 64 and 512 executors
 * (issue 10; docs/benchmarks.md). The last line is one JSON object.
 */
@Command(
    name = "longdoc",
    mixinStandardHelpOptions = true,
    description = "One long document as single task, relay and layer-wise scan on local-cluster; the last line is JSON.")
public final class BenchLongDocCommand implements Callable<Integer> {
  private static final long[] PROJECT_TOKENS = {1L << 24, 1L << 30};
  private static final int[] PROJECT_EXECUTORS = {64, 512};

  @Option(names = "--config", description = "Model config JSON, random weights (default: conf/models/tiny.json).")
  Path config;

  @Option(names = "--tokens", defaultValue = "16777216", description = "Tokens of the document (default: ${DEFAULT-VALUE}).")
  long tokens;

  @Option(names = "--executors", split = ",", defaultValue = "1,2,4", description = "Executor counts (default: ${DEFAULT-VALUE}).")
  int[] executors;

  @Option(names = "--executor-memory-mib", defaultValue = "2048", description = "Memory per executor (default: ${DEFAULT-VALUE}).")
  int executorMiB;

  @Option(names = "--max-tokens-per-task", defaultValue = "4194304", description = "Longest range (default: ${DEFAULT-VALUE}).")
  long maxTokensPerTask;

  @Option(names = "--piece-chunks", defaultValue = "64", description = "Chunks per model call (default: ${DEFAULT-VALUE}).")
  int pieceChunks;

  @Option(names = "--modes", split = ",", defaultValue = "single,relay,scan", description = "Modes, in order (default: ${DEFAULT-VALUE}).")
  String[] modes;

  @Option(names = "--repeats", defaultValue = "1", description = "Runs of each (executors, mode); medians are reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--storage-level", defaultValue = "MEMORY_AND_DISK", description = "Persistence of the scan's activations (default: ${DEFAULT-VALUE}).")
  String storageLevel;

  @Option(names = "--warmup", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Run every mode once untimed on a short document first (default: ${DEFAULT-VALUE}).")
  boolean warmup;

  @Option(names = "--tf-threads", defaultValue = "1", description = "TensorFlow threads per executor (default: ${DEFAULT-VALUE}).")
  int tfThreads;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path cfg = config != null ? config : SparkSessions.home().resolve("conf/models/tiny.json");
    int cores = Runtime.getRuntime().availableProcessors();
    List<LongDocMode> modeList = Arrays.stream(modes).map(LongDocMode::parse).toList();
    line(out, String.format(Locale.ROOT, "longdoc benchmark: %,d tokens, model %s, executors %s with %d"
        + " TensorFlow thread(s) each, %d cores on this machine%s", tokens, cfg.getFileName(),
        Arrays.toString(executors), tfThreads, cores, Arrays.stream(executors).anyMatch(e -> e * tfThreads > cores)
            ? " (more executor threads than cores: those runs oversubscribe it)" : ""));
    LongDocBenchmark.Report report = LongDocBenchmark.run(new LongDocBenchmark.Options(cfg, tokens, executors,
        executorMiB, new LongDocOptions(LongDocMode.AUTO, maxTokensPerTask).maxTokensPerTask(), pieceChunks,
        modeList, repeats, StorageLevel.fromString(storageLevel), tfThreads, warmup), s -> line(out, s));
    List<LongDocBenchmark.Run> runs = report.runs();
    ObjectMapper json = new ObjectMapper();
    ObjectNode summary = json.createObjectNode().put("benchmark", "longdoc").put("tokens", tokens)
        .put("config", cfg.getFileName().toString()).put("cores", cores).put("tf_threads", tfThreads)
        .put("max_tokens_per_task", maxTokensPerTask).put("piece_tokens", pieceChunks);
    ObjectNode byExecutors = summary.putObject("median_seconds");
    for (int e : executors) {
      ObjectNode n = byExecutors.putObject(String.valueOf(e));
      for (LongDocMode m : modeList) {
        n.put(m.optionValue(), round(median(runs, e, m)));
      }
      double speedup = median(runs, e, LongDocMode.SINGLE) / median(runs, e, LongDocMode.SCAN);
      n.put("scan_speedup", round(speedup));
      line(out, String.format(Locale.ROOT, "executors %d: %s; scan speedup over single %.2fx", e,
          modeList.stream().map(m -> String.format(Locale.ROOT, "%s %.1f s", m.optionValue(), median(runs, e, m)))
              .reduce((a, b) -> a + ", " + b).orElse(""), speedup));
    }
    if (modeList.contains(LongDocMode.SCAN) && modeList.contains(LongDocMode.SINGLE)) {
      project(out, summary, ScanProjection.fit(report, tokens, cores));
    }
    line(out, summary.toString());
    return 0;
  }

  private static void project(PrintWriter out, ObjectNode summary, ScanProjection p) {
    line(out, "measured costs (median of the scan runs with no more executors than cores):");
    ObjectNode costs = summary.putObject("scan_costs_us_per_token");
    for (Map.Entry<String, Double> e : p.kernelByStage().entrySet()) {
      double io = p.ioByStage().get(e.getKey());
      line(out, String.format(Locale.ROOT, "  %-16s kernel %.3f us/token, row and persistence I/O %.3f us/token",
          e.getKey(), 1e6 * e.getValue(), 1e6 * io));
      costs.putObject(e.getKey()).put("kernel", round(1e6 * e.getValue())).put("io", round(1e6 * io));
    }
    line(out, String.format(Locale.ROOT, "  single task S %.3f us/token; scan: K %.3f + IO %.3f us/token;"
        + " J %d jobs of O %.2f s with P0 %d ranges; empty jobs %.3f + %.5f P + %.5f P/E s (b = %.2f ms per task);"
        + " driver Dfix %.3f s + d %.4f ms per range and layer", 1e6 * p.singleSecondsPerToken(),
        1e6 * p.kernelPerToken(), 1e6 * p.ioPerToken(), p.jobs(), p.jobOverhead(), p.measuredRanges(),
        p.emptyJob()[0], p.emptyJob()[1], p.emptyJob()[2], 1e3 * p.emptyJob()[1], p.driverFixed(),
        1e3 * p.driverPerRange()));
    ObjectNode model = summary.putObject("model").put("single_us_per_token", round(1e6 * p.singleSecondsPerToken()))
        .put("kernel_us_per_token", round(1e6 * p.kernelPerToken())).put("io_us_per_token", round(1e6 * p.ioPerToken()))
        .put("jobs", p.jobs()).put("job_overhead_s", round(p.jobOverhead())).put("measured_ranges", p.measuredRanges())
        .put("driver_fixed_s", round(p.driverFixed())).put("driver_ms_per_range_layer", round(1e3 * p.driverPerRange()));
    model.putObject("empty_job_fit_s").put("a", round(p.emptyJob()[0])).put("b_per_task", p.emptyJob()[1])
        .put("c_per_task_per_executor", p.emptyJob()[2]);
    line(out, "projection: T_scan(E, n) = n/E * (K + IO) + J * (O + b * (E - P0)) + Dfix + L * E * d;"
        + "  T_single(n) = n * S");
    ObjectNode proj = summary.putObject("projection");
    for (long n : PROJECT_TOKENS) {
      for (int e : PROJECT_EXECUTORS) {
        double scan = p.scanSeconds(e, n);
        double single = p.singleSeconds(n);
        line(out, String.format(Locale.ROOT, "  n = %,d tokens, E = %d: scan %.1f s, single %.1f s, speedup %.1fx",
            n, e, scan, single, single / scan));
        proj.putObject(n + "/" + e).put("scan_s", round(scan)).put("single_s", round(single))
            .put("speedup", round(single / scan));
      }
    }
  }

  private static double median(List<LongDocBenchmark.Run> runs, int executors, LongDocMode mode) {
    return ScanProjection.median(runs.stream().filter(r -> r.executors() == executors && r.mode() == mode)
        .mapToDouble(LongDocBenchmark.Run::seconds).toArray());
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static void line(PrintWriter out, String s) {
    out.println(s);
    out.flush();
  }
}
