package io.megaspark.jobs.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The figures of the scoring benchmark (issue 5): end-to-end throughput against the model's own, and how
 * the wall time grows with the corpus. Pure arithmetic, so it is tested apart from the runs.
 *
 * @param modelTokensPerS the model alone, same batch and block, same machine, same run
 * @param modelTokensPerCpuS the same per CPU-second of the process (steadier on a shared machine)
 * @param runs one entry per corpus size, ascending
 * @param sessionSeconds Spark session start-up, paid once per application (reported, not in the runs)
 */
public record ScalingReport(double modelTokensPerS, double modelTokensPerCpuS, List<Run> runs,
    double sessionSeconds) {

  /**
   * One corpus size: median wall time of the job (tokenize, run, write) over its repeats, and the process
   * CPU seconds of that run (driver and local executors are this process).
   */
  public record Run(long tokens, int documents, double seconds, double cpuSeconds) {
    public double tokensPerS() {
      return tokens / seconds;
    }

    public double tokensPerCpuS() {
      return tokens / cpuSeconds;
    }
  }

  public ScalingReport {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs");
    }
    runs = List.copyOf(runs);
  }

  /** The largest run. */
  public Run largest() {
    return runs.get(runs.size() - 1);
  }

  /** Share of the model's throughput lost end to end on the largest corpus (Spark, I/O, tokenizing). */
  public double overhead() {
    return 1 - largest().tokensPerS() / modelTokensPerS;
  }

  /** {@link #overhead} counted in CPU time: the share of the job's CPU that is not the model's own work. */
  public double cpuOverhead() {
    return 1 - largest().tokensPerCpuS() / modelTokensPerCpuS;
  }

  /** Time of the largest run over the smallest; linear cost gives the ratio of their token counts. */
  public double timeRatio() {
    return largest().seconds() / runs.get(0).seconds();
  }

  /** {@link #timeRatio} over the token ratio: 1.0 is exactly linear. */
  public double linearity() {
    return timeRatio() / ((double) largest().tokens() / runs.get(0).tokens());
  }

  /** A Markdown table of the runs. */
  public String table() {
    StringBuilder sb = new StringBuilder("| tokens | documents | seconds | tokens/s | time / smallest |"
        + " CPU seconds | tokens/CPU-s |\n|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      sb.append(String.format(Locale.ROOT, "| %,d | %d | %.1f | %.0f | %.2f | %.1f | %.0f |%n", r.tokens(),
          r.documents(), r.seconds(), r.tokensPerS(), r.seconds() / runs.get(0).seconds(), r.cpuSeconds(),
          r.tokensPerCpuS()));
    }
    return sb.toString();
  }

  /** The command's last line. */
  public String json() {
    String sizes = runs.stream().map(r -> String.format(Locale.ROOT, "{\"tokens\":%d,\"documents\":%d,"
        + "\"seconds\":%.2f,\"tokens_per_s\":%.1f,\"cpu_seconds\":%.2f}", r.tokens(), r.documents(), r.seconds(),
        r.tokensPerS(), r.cpuSeconds()))
        .collect(Collectors.joining(","));
    return String.format(Locale.ROOT, "{\"job_tokens_per_s\":%.1f,\"model_tokens_per_s\":%.1f,"
        + "\"overhead\":%.4f,\"job_tokens_per_cpu_s\":%.1f,\"model_tokens_per_cpu_s\":%.1f,"
        + "\"cpu_overhead\":%.4f,\"time_ratio\":%.3f,\"token_ratio\":%.3f,\"linearity\":%.4f,"
        + "\"session_seconds\":%.2f,\"runs\":[%s]}", largest().tokensPerS(), modelTokensPerS, overhead(),
        largest().tokensPerCpuS(), modelTokensPerCpuS, cpuOverhead(), timeRatio(), (double) largest().tokens() / runs.get(0).tokens(), linearity(), sessionSeconds, sizes);
  }
}
