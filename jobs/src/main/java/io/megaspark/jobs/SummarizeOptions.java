package io.megaspark.jobs;

import io.megaspark.jobs.generate.Sampling;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.summarize.SummarizeJob;
import io.megaspark.jobs.summarize.SummaryMode;
import java.util.Objects;

/**
 * Options of {@link Megaspark#summarize} (see {@link SummarizeJob} for the meaning of each).
 */
public record SummarizeOptions(RunOptions run, int sentences, double lambda, SummaryMode mode, String prompt,
    int maxNewTokens, Sampling sampling) {
  public SummarizeOptions {
    Objects.requireNonNull(run, "run");
    job(sentences, lambda, mode, prompt, maxNewTokens, sampling);
  }

  /** Extractive, 3 sentences, lambda 0.7. */
  public static SummarizeOptions defaults() {
    return new SummarizeOptions(RunOptions.defaults(), 3, 0.7, SummaryMode.EXTRACTIVE, "\n\nSummary:", 64,
        Sampling.greedy());
  }

  public SummarizeOptions withSentences(int k) {
    return new SummarizeOptions(run, k, lambda, mode, prompt, maxNewTokens, sampling);
  }

  public SummarizeOptions withMode(SummaryMode m) {
    return new SummarizeOptions(run, sentences, lambda, m, prompt, maxNewTokens, sampling);
  }

  public SummarizeOptions withRun(RunOptions r) {
    return new SummarizeOptions(r, sentences, lambda, mode, prompt, maxNewTokens, sampling);
  }

  SummarizeJob job() {
    return job(sentences, lambda, mode, prompt, maxNewTokens, sampling);
  }

  private static SummarizeJob job(int sentences, double lambda, SummaryMode mode, String prompt, int maxNewTokens,
      Sampling sampling) {
    return new SummarizeJob(sentences, lambda, mode, prompt, maxNewTokens, sampling);
  }
}
