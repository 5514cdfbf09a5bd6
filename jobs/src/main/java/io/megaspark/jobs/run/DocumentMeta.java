package io.megaspark.jobs.run;

import io.megaspark.jobs.score.ScoreTotals;
import java.util.Objects;

/**
 * A document's facts known when it opens.
 *
 * @param docId the document id
 * @param bytes UTF-8 length of the whole text (for a continued document: old and new text together)
 * @param text the whole text when the job asked for it ({@link DocumentJob#needsText}), else null
 * @param previous the score totals stored by an earlier run of a continued document, else {@link
 *     ScoreTotals#ZERO}
 */
public record DocumentMeta(String docId, long bytes, String text, ScoreTotals previous) {
  public DocumentMeta {
    Objects.requireNonNull(docId, "docId");
    Objects.requireNonNull(previous, "previous");
  }
}
