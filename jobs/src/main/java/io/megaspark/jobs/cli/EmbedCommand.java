package io.megaspark.jobs.cli;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.OptionValues;
import io.megaspark.jobs.embed.EmbedJob;
import io.megaspark.jobs.run.DocumentJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = "Per document: the mean final hidden state and a summary of the carried state (optionally per block).")
final class EmbedCommand extends JobCommand {
  @Option(names = "--" + JobOptions.PER_BLOCK, arity = "0..1", fallbackValue = "true", description = "Also output one embedding per block (default: false).")
  String perBlock;

  @Override
  String name() {
    return "embed";
  }

  @Override
  DocumentJob job(OptionValues v) {
    return new EmbedJob(v.bool(JobOptions.PER_BLOCK));
  }
}
