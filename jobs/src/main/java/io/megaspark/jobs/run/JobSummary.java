package io.megaspark.jobs.run;

import io.megaspark.jobs.input.BadReason;
import io.megaspark.jobs.input.BadRecords;
import io.megaspark.jobs.progress.ProgressReporter;
import java.util.Locale;
import java.util.Map;

/**
 * The totals of a finished job.
 *
 * @param job the job name
 * @param documents documents with a result
 * @param tokens their text tokens
 * @param skipped records left out, per reason
 * @param seconds wall time of the whole job
 * @param output where the results are
 * @param format their format
 */
public record JobSummary(String job, long documents, long tokens, Map<BadReason, Long> skipped, double seconds,
    String output, String format) {

  /** The final console line. */
  public String line() {
    String described = BadRecords.describe(skipped);
    String skips = described.isEmpty() ? "" : " (" + described + ")";
    return String.format(Locale.ROOT, "%s: %,d documents%s, %s tokens in %.1f s (%s tokens/s) -> %s (%s)", job,
        documents, skips, ProgressReporter.human(tokens), seconds, ProgressReporter.human((long) (tokens / Math.max(seconds, 1e-3))),
        output, format);
  }
}
