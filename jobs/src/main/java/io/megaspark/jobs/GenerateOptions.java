package io.megaspark.jobs;

import io.megaspark.jobs.generate.GenerateJob;
import io.megaspark.jobs.generate.Sampling;
import io.megaspark.jobs.run.RunOptions;
import java.util.Objects;

/** Options of {@link Megaspark#generate} (see {@link GenerateJob}). */
public record GenerateOptions(RunOptions run, String prompt, int maxNewTokens, Sampling sampling) {
  public GenerateOptions {
    Objects.requireNonNull(run, "run");
    new GenerateJob(prompt, maxNewTokens, sampling);
  }

  /** No prompt, 128 tokens, temperature 0.7, top-p 0.9, seed 42. */
  public static GenerateOptions defaults() {
    return new GenerateOptions(RunOptions.defaults(), "", 128, new Sampling(0.7, 0, 0.9, 42));
  }

  public GenerateOptions withSampling(Sampling s) {
    return new GenerateOptions(run, prompt, maxNewTokens, s);
  }

  public GenerateOptions withMaxNewTokens(int n) {
    return new GenerateOptions(run, prompt, n, sampling);
  }

  public GenerateOptions withRun(RunOptions r) {
    return new GenerateOptions(r, prompt, maxNewTokens, sampling);
  }

  GenerateJob job() {
    return new GenerateJob(prompt, maxNewTokens, sampling);
  }
}
