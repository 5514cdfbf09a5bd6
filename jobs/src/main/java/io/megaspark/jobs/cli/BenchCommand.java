package io.megaspark.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/megaspark bench <what>}: benchmarks that print their figures, each ending with one JSON line
 * (never timed assertions in tests). Quote medians of several runs: these machines are shared and noisy.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: tokenizer and model throughput, score job end to end, SQL function vs job, one long document across executors; the last line of each is one JSON object.",
    subcommands = {BenchTokenizeCommand.class, BenchModelCommand.class, BenchScoreCommand.class,
        BenchUdfCommand.class, BenchLongDocCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
