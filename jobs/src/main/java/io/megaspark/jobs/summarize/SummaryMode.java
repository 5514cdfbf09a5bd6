package io.megaspark.jobs.summarize;

import io.megaspark.jobs.JobErrors;
import java.util.Locale;

/** {@code --mode} of the summarize job. */
public enum SummaryMode {
  /** The k sentences that best represent the document by the model's own hidden states, verbatim. */
  EXTRACTIVE,
  /** Text generated after the document's final state and a prompt (quality depends on the checkpoint). */
  ABSTRACTIVE;

  public static SummaryMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw JobErrors.badOption("mode", value, "extractive or abstractive");
    }
  }
}
