package io.megaspark.jobs.cli;

import io.megaspark.jobs.JobOptions;
import picocli.CommandLine.Option;

/** Generation options shared by generate and summarize --mode=abstractive. */
final class SamplingOptions {
  @Option(names = "--" + JobOptions.PROMPT, description = "Text fed after the document before generating; \\n and \\t are escapes.")
  String prompt;

  @Option(names = "--" + JobOptions.MAX_NEW_TOKENS, description = "Tokens to generate at most.")
  String maxNewTokens;

  @Option(names = "--" + JobOptions.TEMPERATURE, description = "Sampling temperature; 0 = greedy.")
  String temperature;

  @Option(names = "--" + JobOptions.TOP_K, description = "Sample among the k most likely tokens; 0 = all.")
  String topK;

  @Option(names = "--" + JobOptions.TOP_P, description = "Sample among the most likely tokens holding probability p; 1 = all.")
  String topP;

  @Option(names = "--" + JobOptions.SEED, description = "Seed; each document's generator is seeded from it and the document id.")
  String seed;
}
