package io.megaspark.jobs;

import io.megaspark.jobs.run.RunOptions;
import java.util.Objects;

/**
 * Options of {@link Megaspark#embed}.
 *
 * @param perBlock also return one embedding per block
 */
public record EmbedOptions(RunOptions run, boolean perBlock) {
  public EmbedOptions {
    Objects.requireNonNull(run, "run");
  }

  public static EmbedOptions defaults() {
    return new EmbedOptions(RunOptions.defaults(), false);
  }
}
