package io.megaspark.jobs.run;

import io.megaspark.jobs.input.BadReason;
import io.megaspark.jobs.progress.ProgressReporter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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
    long skippedTotal = skipped.values().stream().mapToLong(Long::longValue).sum();
    String skips = skippedTotal == 0 ? "" : " (" + skippedTotal + " skipped: " + skipped.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", ")) + ")";
    return String.format(Locale.ROOT, "%s: %,d documents%s, %s tokens in %.1f s (%s tokens/s) -> %s (%s)", job,
        documents, skips, ProgressReporter.human(tokens), seconds, ProgressReporter.human((long) (tokens / Math.max(seconds, 1e-3))),
        output, format);
  }
}
