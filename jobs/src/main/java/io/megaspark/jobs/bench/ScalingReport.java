package io.megaspark.jobs.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The figures of the scoring benchmark (issue 5): end-to-end throughput against the model's own, and how
 * the wall time grows with the corpus. Pure arithmetic, so it is tested apart from the runs.
 *
 * @param runs one entry per corpus size, ascending
 * @param sessionSeconds Spark session start-up, paid once per application (reported, not in the runs)
 */
public record ScalingReport(List<Run> runs, double sessionSeconds) {

  /**
   * One corpus size: median wall time of the job (tokenize, run, write) over its repeats, the process CPU
   * seconds of that run (driver and local executors are this process), and the model alone measured just
   * before it (same batch and block), so each run is compared with the machine as it was at that moment.
   */
  public record Run(long tokens, int documents, double seconds, double cpuSeconds, double modelTokensPerS,
      double modelTokensPerCpuS) {
    public double tokensPerS() {
      return tokens / seconds;
    }

    public double tokensPerCpuS() {
      return tokens / cpuSeconds;
    }

    /** Share of the model's wall-clock throughput lost end to end (Spark, I/O, tokenizing). */
    public double overhead() {
      return 1 - tokensPerS() / modelTokensPerS;
    }

    /** The same in CPU time: the share of the job's CPU that is not the model's own work. */
    public double cpuOverhead() {
      return 1 - tokensPerCpuS() / modelTokensPerCpuS;
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

  /** {@link Run#overhead} of the largest corpus. */
  public double overhead() {
    return largest().overhead();
  }

  /** {@link Run#cpuOverhead} of the largest corpus. */
  public double cpuOverhead() {
    return largest().cpuOverhead();
  }

  /** Time of the largest run over the smallest in CPU seconds, over the token ratio (1.0 is linear). */
  public double cpuLinearity() {
    return largest().cpuSeconds() / runs.get(0).cpuSeconds()
        / ((double) largest().tokens() / runs.get(0).tokens());
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
    StringBuilder sb = new StringBuilder("| tokens | documents | seconds | tokens/s | model alone tokens/s |"
        + " overhead | time / smallest | CPU seconds | tokens/CPU-s | model tokens/CPU-s | CPU overhead |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      sb.append(String.format(Locale.ROOT, "| %,d | %d | %.1f | %.0f | %.0f | %.1f%% | %.2f | %.1f | %.0f | %.0f |"
          + " %.1f%% |%n", r.tokens(), r.documents(), r.seconds(), r.tokensPerS(), r.modelTokensPerS(),
          100 * r.overhead(), r.seconds() / runs.get(0).seconds(), r.cpuSeconds(), r.tokensPerCpuS(),
          r.modelTokensPerCpuS(), 100 * r.cpuOverhead()));
    }
    return sb.toString();
  }

  /** The command's last line. */
  public String json() {
    String sizes = runs.stream().map(r -> String.format(Locale.ROOT, "{\"tokens\":%d,\"documents\":%d,"
        + "\"seconds\":%.2f,\"tokens_per_s\":%.1f,\"cpu_seconds\":%.2f,\"model_tokens_per_s\":%.1f,"
        + "\"model_tokens_per_cpu_s\":%.1f}", r.tokens(), r.documents(), r.seconds(), r.tokensPerS(), r.cpuSeconds(),
        r.modelTokensPerS(), r.modelTokensPerCpuS()))
        .collect(Collectors.joining(","));
    return String.format(Locale.ROOT, "{\"job_tokens_per_s\":%.1f,\"model_tokens_per_s\":%.1f,"
        + "\"overhead\":%.4f,\"job_tokens_per_cpu_s\":%.1f,\"model_tokens_per_cpu_s\":%.1f,"
        + "\"cpu_overhead\":%.4f,\"time_ratio\":%.3f,\"token_ratio\":%.3f,\"linearity\":%.4f,"
        + "\"cpu_linearity\":%.4f,\"session_seconds\":%.2f,\"runs\":[%s]}", largest().tokensPerS(),
        largest().modelTokensPerS(), overhead(), largest().tokensPerCpuS(), largest().modelTokensPerCpuS(),
        cpuOverhead(), timeRatio(), (double) largest().tokens() / runs.get(0).tokens(), linearity(), cpuLinearity(), sessionSeconds, sizes);
  }
}
