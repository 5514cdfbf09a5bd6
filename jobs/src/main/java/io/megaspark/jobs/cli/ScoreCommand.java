package io.megaspark.jobs.cli;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.OptionValues;
import io.megaspark.jobs.run.DocumentJob;
import io.megaspark.jobs.score.ScoreJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Per document: tokens, bytes, nll, perplexity, bits per byte and perplexity by position bucket.")
final class ScoreCommand extends JobCommand {
  @Option(names = "--" + JobOptions.STATE_IN, description = "State store of an earlier run: continue documents whose text has grown.")
  String stateIn;

  @Option(names = "--" + JobOptions.STATE_OUT, description = "Write each document's final state and score totals here (for --state-in).")
  String stateOut;

  @Override
  String name() {
    return "score";
  }

  @Override
  DocumentJob job(OptionValues v) {
    return new ScoreJob(v.optional(JobOptions.STATE_OUT) != null);
  }

  @Override
  String[] stateDirs(OptionValues v) {
    return new String[] {v.optional(JobOptions.STATE_IN), v.optional(JobOptions.STATE_OUT)};
  }
}
