package io.megaspark.jobs.run;

import io.megaspark.jobs.input.InputSpec;
import io.megaspark.jobs.io.OutputFormat;
import java.util.Objects;

/**
 * Everything a file-to-file job run needs (the CLI builds it from the resolved options).
 *
 * @param job what to compute per document
 * @param input what to read
 * @param output the output directory (must not exist unless {@code overwrite})
 * @param format the output format
 * @param overwrite replace an existing output (and state-out) once the new one is complete
 * @param model which model
 * @param run batching, partitions, bad-record policy
 * @param stateIn a state store to continue documents from, or null
 * @param stateOut where to write the state store, or null
 * @param failFirstAttemptOf test hook (see {@link RunStage.Task}), -1 = off
 */
public record JobSpec(DocumentJob job, InputSpec input, String output, OutputFormat format, boolean overwrite,
    ModelRef model, RunOptions run, String stateIn, String stateOut, int failFirstAttemptOf) {
  public JobSpec {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(run, "run");
    if (output == null || output.isBlank()) {
      throw io.megaspark.jobs.JobErrors.badOption("output", "", "an output directory");
    }
    if (stateIn != null && !run.carryState()) {
      throw io.megaspark.jobs.JobErrors.badOption("carry-state", "false",
          "true with --state-in (a continued document carries its stored state)");
    }
  }
}
