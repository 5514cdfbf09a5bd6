package io.megaspark.jobs.cli;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.OptionValues;
import io.megaspark.jobs.generate.Sampling;
import io.megaspark.jobs.run.DocumentJob;
import io.megaspark.jobs.summarize.SummarizeJob;
import io.megaspark.jobs.summarize.SummaryMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "summarize",
    mixinStandardHelpOptions = true,
    description = "Per document: an extractive summary (k sentences chosen by the model's hidden states, verbatim,"
        + " in document order) or, with --mode=abstractive, generated text; plus the score columns.")
final class SummarizeCommand extends JobCommand {
  @Option(names = "--" + JobOptions.SENTENCES, description = "Sentences to extract (default: 3).")
  String sentences;

  @Option(names = "--" + JobOptions.LAMBDA, description = "Relevance weight of maximal marginal relevance, 0..1; lower = less redundancy (default: 0.7).")
  String lambda;

  @Option(names = "--" + JobOptions.MODE, description = "extractive or abstractive (default: extractive).")
  String mode;

  @Mixin SamplingOptions sampling = new SamplingOptions();

  @Override
  String name() {
    return "summarize";
  }

  @Override
  DocumentJob job(OptionValues v) {
    return new SummarizeJob(v.integer(JobOptions.SENTENCES, 1, 1 << 16), v.decimal(JobOptions.LAMBDA, 0, 1),
        SummaryMode.parse(v.string(JobOptions.MODE)), v.text(JobOptions.PROMPT),
        v.integer(JobOptions.MAX_NEW_TOKENS, 1, 1 << 20), Sampling.from(v));
  }
}
