package io.megaspark.jobs.cli;

import io.megaspark.jobs.spark.SparkSessions;
import io.megaspark.megalodon.bench.ModelBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Block-by-block inference throughput with carried state on random weights, next to a plain TensorFlow
 * 1024x1024x1024 matmul measured in the same run (issue 3's benchmark).
 */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Model throughput (tokens/s, GFLOP/s) with carried state vs a TensorFlow matmul in the same run.")
public final class BenchModelCommand implements Callable<Integer> {
  @Option(names = "--config", description = "Model config JSON (default: conf/models/small.json).")
  Path config;

  @Option(names = "--batch", split = ",", defaultValue = "1,8", description = "Batch sizes, comma separated (default: ${DEFAULT-VALUE}).")
  int[] batches;

  @Option(names = "--block-tokens", defaultValue = "1024", description = "Tokens per block (default: ${DEFAULT-VALUE}).")
  int blockTokens;

  @Option(names = "--repeats", defaultValue = "5", description = "Timed blocks; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Path cfg = config != null ? config : SparkSessions.home().resolve("conf/models/small.json");
    StringBuilder lines = new StringBuilder();
    for (int b : batches) {
      lines.append(ModelBenchmark.run(cfg, b, blockTokens, repeats)).append('\n');
    }
    // The summary: one JSON line per batch size, the last line being the last batch size's.
    spec.commandLine().getOut().print(lines);
    return 0;
  }
}
