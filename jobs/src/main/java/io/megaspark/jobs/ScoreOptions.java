package io.megaspark.jobs;

import io.megaspark.jobs.run.RunOptions;
import java.util.Objects;

/** Options of {@link Megaspark#score}. */
public record ScoreOptions(RunOptions run) {
  public ScoreOptions {
    Objects.requireNonNull(run, "run");
  }

  public static ScoreOptions defaults() {
    return new ScoreOptions(RunOptions.defaults());
  }
}
