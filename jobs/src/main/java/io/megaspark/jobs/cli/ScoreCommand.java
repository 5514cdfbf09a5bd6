package io.megaspark.jobs.cli;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.OptionValues;
import io.megaspark.jobs.longdoc.LongDocMode;
import io.megaspark.jobs.longdoc.LongDocOptions;
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

  @Option(names = "--" + JobOptions.LONG_DOC_MODE, description = "Documents longer than --max-tokens-per-task: auto (relay or scan, per document), single (one task anyway), relay (ranges in order, carried state) or scan (layer-wise parallel scan over the ranges) (default: auto).")
  String longDocMode;

  @Option(names = "--" + JobOptions.MAX_TOKENS_PER_TASK, description = "Longest document (fed tokens) one task runs; longer ones are split into ranges (default: 4194304).")
  String maxTokensPerTask;

  @Override
  String name() {
    return "score";
  }

  @Override
  DocumentJob job(OptionValues v) {
    return new ScoreJob(v.optional(JobOptions.STATE_OUT) != null, new LongDocOptions(
        LongDocMode.parse(v.string(JobOptions.LONG_DOC_MODE)), v.longValue(JobOptions.MAX_TOKENS_PER_TASK, 1)));
  }

  @Override
  String[] stateDirs(OptionValues v) {
    return new String[] {v.optional(JobOptions.STATE_IN), v.optional(JobOptions.STATE_OUT)};
  }
}
