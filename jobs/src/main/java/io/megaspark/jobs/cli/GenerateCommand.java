package io.megaspark.jobs.cli;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.OptionValues;
import io.megaspark.jobs.generate.GenerateJob;
import io.megaspark.jobs.generate.Sampling;
import io.megaspark.jobs.run.DocumentJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Continue every document (or prompt) from its final state: greedy, temperature, top-k, top-p, seed.")
final class GenerateCommand extends JobCommand {
  @Mixin SamplingOptions sampling = new SamplingOptions();

  @Override
  String name() {
    return "generate";
  }

  @Override
  DocumentJob job(OptionValues v) {
    return new GenerateJob(v.text(JobOptions.PROMPT), v.integer(JobOptions.MAX_NEW_TOKENS, 1, 1 << 20),
        Sampling.from(v));
  }
}
